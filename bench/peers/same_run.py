#!/usr/bin/env python3
"""Sonograd against PyTorch 1.13 in the same run: the performance cases of BENCHMARKS.md.

Runs each PyTorch peer script, then `./sonograd bench` on the same cases, back to back, and prints a
Markdown table: both times, Sonograd / PyTorch, Sonograd's GFLOP/s or GB/s and its ratio to the FMA
peak or copy bandwidth measured in the same `sonograd bench` run, and the training steps' peak
off-heap memory. Run it on an otherwise idle machine; a loaded one makes every ratio noise.

  /usr/bin/python3 bench/peers/same_run.py [--groups conv3d,steps,losses] [--threads 2] [--json-out FILE]

Groups: conv3d (stem/mid/deep reference layers: forward, forward+backward, forward+weight-grad),
steps (ResNet-18 b32 64x64 and R3D-18 b8 8x64x64 SGD training steps), losses (NT-Xent fwd+bwd
N=4096 d=128 and Sinkhorn 8192x3000x10). PyTorch's NT-Xent needs an optimised libblas.so.3 (see
infonce_sinkhorn_torch.py).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PEERS = os.path.join(ROOT, "bench", "peers")
PYTHON = "/usr/bin/python3"
STEP_CASES = ["resnet18-b32-64", "r3d18-b8-8x64"]
CONV_METHODS = {"forward": "fwd", "forwardBackward": "fwd+bwd", "forwardWeightGrad": "fwd+wgrad"}


def run(cmd, env=None):
    print("$ " + " ".join(cmd), file=sys.stderr, flush=True)
    done = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, check=True)
    return done.stdout


def torch_conv3d(threads):
    """{(layer, 'fwd'|'fwd+bwd'|'fwd+wgrad'): ms} from torch_conv3d.py (min over 10 repetitions)."""
    times = {}
    for layer in ("stem", "mid", "deep"):
        line = run([PYTHON, os.path.join(PEERS, "torch_conv3d.py"), layer, str(threads), "10"])
        for kind, ms in re.findall(r"(fwd\+bwd|fwd\+wgrad|fwd) ([0-9.]+) ms", line):
            times[(layer, kind)] = float(ms)
    return times


def torch_json(script, args):
    return [json.loads(l) for l in run([PYTHON, os.path.join(PEERS, script)] + args).splitlines() if l.startswith("{")]


def sonograd(include, threads, params):
    with tempfile.NamedTemporaryFile(suffix=".jsonl", delete=False) as f:
        out = f.name
    cmd = [os.path.join(ROOT, "sonograd"), "bench", "--include", include, "--threads", str(threads), "--out", out]
    for p in params:
        cmd += ["--param", p]
    run(cmd)
    with open(out) as f:
        rows = [json.loads(l) for l in f if l.strip()]
    os.unlink(out)
    return rows


def rate(row):
    if "gflops" in row:
        return f"{row['gflops']:.1f} GFLOP/s"
    return f"{row['gbps']:.1f} GB/s"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--groups", default="conv3d,steps,losses")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--json-out", help="also write each table row as a JSON line to this file")
    args = ap.parse_args()
    groups = args.groups.split(",")
    env = dict(os.environ, OMP_NUM_THREADS=str(args.threads))
    table = []  # (case, torch ms, sonograd row)
    peaks = {}

    def keep_peaks(rows):
        for r in rows:
            if r["op"].startswith("peak."):
                peaks[r["op"]] = r

    if "conv3d" in groups:
        peer = torch_conv3d(args.threads)
        ours = sonograd("Conv3dBenchmark", args.threads, [])
        keep_peaks(ours)
        for r in ours:
            if r["op"].startswith("conv3d."):
                method = r["op"].split(".")[1].split(":")[0]
                layer = r["shape"].split(" ")[0]
                kind = CONV_METHODS[method]
                table.append((f"conv3d {layer} {kind}", peer.get((layer, kind)), r))
    if "steps" in groups:
        peer = {p["shape"]: p["ms"] for p in torch_json("torch_training_step.py", [str(args.threads), "5"] + STEP_CASES)}
        ours = sonograd("TrainingStepBenchmark", args.threads, ["model=" + ",".join(STEP_CASES)])
        keep_peaks(ours)
        for r in ours:
            if r["op"] == "trainingstep.step":
                table.append((f"training step {r['shape']}", peer.get(r["shape"]), r))
    if "losses" in groups:
        peer = {p["case"]: p["median_ms"] for p in
                torch_json("infonce_sinkhorn_torch.py", ["--threads", str(args.threads), "--repeats", "3"])}
        ours = sonograd("InfoNceBenchmark.ntXent|SinkhornBenchmark", args.threads, [])
        keep_peaks(ours)
        for r in ours:
            if r["op"] == "infonce.ntXent":
                table.append(("NT-Xent fwd+bwd " + r["shape"], peer.get("ntxent.fwd+bwd"), r))
            elif r["op"] == "sinkhorn.assign":
                table.append(("Sinkhorn " + r["shape"], peer.get("sinkhorn"), r))

    fma = peaks.get("peak.fma", {}).get("gflops")
    copy = peaks.get("peak.copy", {}).get("gbps")
    print(f"In-run probes ({args.threads} threads): FMA peak {fma:.0f} GFLOP/s, copy {copy:.1f} GB/s\n"
          if fma and copy else "")
    print("| case | PyTorch 1.13 ms | Sonograd ms | Sonograd / PyTorch | Sonograd rate | ratio to peak | peak off-heap |")
    print("|---|---|---|---|---|---|---|")
    for case, torch_ms, r in table:
        ratio = f"{r['ms'] / torch_ms:.2f}×" if torch_ms else "—"
        memory = f"{r['peak_offheap_mib']:.0f} MiB" if "peak_offheap_mib" in r else ""
        print(f"| {case} | {torch_ms if torch_ms else '—'} | {r['ms']:.1f} | {ratio} | {rate(r)} | "
              f"{r['ratio_to_peak']:.2f} | {memory} |")
    if args.json_out:
        with open(args.json_out, "w") as f:
            for case, torch_ms, r in table:
                f.write(json.dumps({"case": case, "torch_ms": torch_ms, **r}) + "\n")


if __name__ == "__main__":
    main()
