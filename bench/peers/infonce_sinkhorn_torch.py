#!/usr/bin/env python3
"""PyTorch peer timings for the two fused-kernel cases of docs/kernels-losses.md.

Times, on the threads given (default 2, as the JMH cases):
  * NT-Xent (SimCLR, two views of N samples, 2N anchors), cosine similarity, tau 0.5, forward + backward,
    written the usual way (normalize, cat, matmul, mask the diagonal, cross-entropy);
  * Sinkhorn-Knopp as in SwAV/DINO/DISCOVR, B x K scores, eps 0.05, 10 iterations, under no_grad.
Prints one JSON line per case with the median wall time of the repeats in ms and the median process
CPU time (all threads), so a same-run ratio can be taken against `InfoNceBenchmark.ntXent` and
`SinkhornBenchmark.assign`; on a shared, oversubscribed machine the CPU-time ratio is the steadier one.
PyTorch's matmul goes through the BLAS it was built against: Debian's python3-torch reports
BLAS_INFO=generic and, with only libblas3 (reference BLAS) installed, runs GEMMs at ~2 GFLOP/s, which
makes the NT-Xent case meaningless as a peer (check `torch.__config__.show()` and libblas.so.3).
Install OpenBLAS (`apt-get install libopenblas0-pthread`) to make libblas.so.3 point to it; then NT-Xent
takes ~4 s here.

  python3 bench/peers/infonce_sinkhorn_torch.py [--threads 2] [--repeats 5] [--n 4096] [--b 8192] [--k 3000]
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn.functional as F


def nt_xent(z1, z2, tau):
    n = z1.shape[0]
    z = F.normalize(torch.cat([z1, z2]), dim=1)
    logits = z @ z.t() / tau
    logits.fill_diagonal_(float("-inf"))
    targets = torch.cat([torch.arange(n, 2 * n), torch.arange(0, n)])
    return F.cross_entropy(logits, targets)


@torch.no_grad()
def sinkhorn(scores, eps, iterations):
    q = torch.exp(scores / eps).t()
    q /= q.sum()
    k, b = q.shape
    for _ in range(iterations):
        q /= q.sum(dim=1, keepdim=True)
        q /= k
        q /= q.sum(dim=0, keepdim=True)
        q /= b
    q *= b
    return q.t()


def time_ms(fn, repeats):
    fn()  # warm-up
    walls, cpus = [], []
    for _ in range(repeats):
        start, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append((time.perf_counter() - start) * 1e3)
        cpus.append((time.process_time() - cpu) * 1e3)
    return statistics.median(walls), min(walls), statistics.median(cpus)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--n", type=int, default=4096)
    p.add_argument("--d", type=int, default=128)
    p.add_argument("--b", type=int, default=8192)
    p.add_argument("--k", type=int, default=3000)
    p.add_argument("--skip-ntxent", action="store_true", help="only the Sinkhorn case")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)

    z1 = torch.randn(args.n, args.d, requires_grad=True)
    z2 = torch.randn(args.n, args.d, requires_grad=True)

    def step():
        z1.grad = None
        z2.grad = None
        nt_xent(z1, z2, 0.5).backward()

    if not args.skip_ntxent:
        median, best, cpu = time_ms(step, args.repeats)
        print(json.dumps({"peer": "pytorch " + torch.__version__, "case": "ntxent.fwd+bwd",
                          "shape": f"2x{args.n}x{args.d}", "threads": args.threads, "median_ms": round(median, 2),
                          "min_ms": round(best, 2), "cpu_ms": round(cpu, 2)}))

    scores = torch.tanh(torch.randn(args.b, args.k))
    median, best, cpu = time_ms(lambda: sinkhorn(scores, 0.05, 10), args.repeats)
    print(json.dumps({"peer": "pytorch " + torch.__version__, "case": "sinkhorn",
                      "shape": f"{args.b}x{args.k}x10it", "threads": args.threads, "median_ms": round(median, 2),
                      "min_ms": round(best, 2), "cpu_ms": round(cpu, 2)}))


if __name__ == "__main__":
    main()
