"""PyTorch peer for Conv3dBenchmark: the three reference conv3d layers of BENCHMARKS.md, min time over repetitions.

Usage: /usr/bin/python3 bench/peers/torch_conv3d.py LAYER [THREADS] [REPS]   (LAYER: stem, mid or deep)
Prints forward, forward+backward and forward+weight-grad (input without grad) times in ms.
"""
import sys, time, torch
torch.set_num_threads(int(sys.argv[2]) if len(sys.argv) > 2 else 2)
layers = {"stem": ((4,3,16,112,112), 64, (3,7,7), (1,2,2), (1,3,3)),
          "mid": ((4,64,8,28,28), 64, (3,3,3), (1,1,1), (1,1,1)),
          "deep": ((4,256,2,7,7), 256, (3,3,3), (1,1,1), (1,1,1))}
name = sys.argv[1]
xs, co, k, s, p = layers[name]
x = torch.randn(xs); w = torch.randn(co, xs[1], *k) * 0.05
reps = int(sys.argv[3]) if len(sys.argv) > 3 else 10
def t(f):
    best = 1e9
    for _ in range(reps):
        t0 = time.perf_counter(); f(); best = min(best, time.perf_counter() - t0)
    return best * 1e3
fwd = lambda: torch.nn.functional.conv3d(x, w, None, s, p)
xg = x.clone().requires_grad_(); wg = w.clone().requires_grad_()
def fb():
    y = torch.nn.functional.conv3d(xg, wg, None, s, p); y.backward(torch.ones_like(y))
def fw():
    y = torch.nn.functional.conv3d(x, wg, None, s, p); y.backward(torch.ones_like(y))
with torch.no_grad():
    a = t(fwd)
print(f"torch {name} fwd {a:.1f} ms  fwd+bwd {t(fb):.1f} ms  fwd+wgrad {t(fw):.1f} ms")
