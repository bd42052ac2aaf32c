"""PyTorch peer for TrainingStepBenchmark: one SGD training step (momentum 0.9, lr 0.01) of ResNet-18 and
R3D-18, F32, train mode: forward, cross-entropy, backward, optimiser step, zero_grad.

Usage: /usr/bin/python3 bench/peers/torch_training_step.py [THREADS] [REPS] [CASE ...]
  CASE: resnet18-b32-64, resnet18-b32-112, r3d18-b8-8x64 (default: all three)
torchvision is not installed, so the two networks are written out here with torchvision's architecture
(resnet18 with 1000 classes, r3d_18 with 400). Two warm-up steps, then REPS timed steps (default 5);
prints one JSON line per case in the bench format, ms = mean of the timed steps, min_ms = the fastest.
"""
import json, sys, time
import torch
from torch import nn

THREADS = int(sys.argv[1]) if len(sys.argv) > 1 else 2
REPS = int(sys.argv[2]) if len(sys.argv) > 2 else 5
torch.set_num_threads(THREADS)


class BasicBlock(nn.Module):
    """torchvision.models.resnet.BasicBlock (2-D) and VideoResNet's BasicBlock with Conv3DSimple (3-D)."""

    def __init__(self, conv, bn, inplanes, planes, stride):
        super().__init__()
        self.conv1 = nn.Sequential(conv(inplanes, planes, 3, stride, 1, bias=False), bn(planes), nn.ReLU(inplace=True))
        self.conv2 = nn.Sequential(conv(planes, planes, 3, 1, 1, bias=False), bn(planes))
        self.relu = nn.ReLU(inplace=True)
        self.downsample = None
        if stride != 1 or inplanes != planes:
            self.downsample = nn.Sequential(conv(inplanes, planes, 1, stride, 0, bias=False), bn(planes))

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        return self.relu(self.conv2(self.conv1(x)) + identity)


def resnet(video, classes):
    """ResNet-18 (2-D stem 7×7 s2 + max pool) or R3D-18 (3-D stem 3×7×7 s1×2×2), stages [2, 2, 2, 2]."""
    conv, bn = (nn.Conv3d, nn.BatchNorm3d) if video else (nn.Conv2d, nn.BatchNorm2d)
    if video:
        stem = [nn.Conv3d(3, 64, (3, 7, 7), (1, 2, 2), (1, 3, 3), bias=False), bn(64), nn.ReLU(inplace=True)]
    else:
        stem = [nn.Conv2d(3, 64, 7, 2, 3, bias=False), bn(64), nn.ReLU(inplace=True), nn.MaxPool2d(3, 2, 1)]
    layers, inplanes = [], 64
    for stage in range(4):
        planes = 64 << stage
        for b in range(2):
            layers.append(BasicBlock(conv, bn, inplanes, planes, 2 if b == 0 and stage > 0 else 1))
            inplanes = planes
    pool = nn.AdaptiveAvgPool3d(1) if video else nn.AdaptiveAvgPool2d(1)
    net = nn.Sequential(*stem, *layers, pool, nn.Flatten(1), nn.Linear(512, classes))
    for m in net.modules():
        if isinstance(m, (nn.Conv2d, nn.Conv3d)):
            nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
    return net


CASES = {  # name: (video, input shape, classes, shape string as TrainingStepBenchmark prints it)
    "resnet18-b32-64": (False, (32, 3, 64, 64), 1000, "resnet18 32x3x64x64 sgd"),
    "resnet18-b32-112": (False, (32, 3, 112, 112), 1000, "resnet18 32x3x112x112 sgd"),
    "r3d18-b8-8x64": (True, (8, 3, 8, 64, 64), 400, "r3d18 8x3x8x64x64 sgd"),
}

for name in sys.argv[3:] or list(CASES):
    video, shape, classes, shape_text = CASES[name]
    torch.manual_seed(7)
    net = resnet(video, classes).train()
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    x = torch.randn(shape)
    y = torch.tensor([(i * 37) % classes for i in range(shape[0])])

    def step():
        loss = nn.functional.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
        opt.zero_grad(set_to_none=True)
        return loss.item()

    for _ in range(2):
        step()
    times = []
    for _ in range(REPS):
        t0 = time.perf_counter()
        step()
        times.append((time.perf_counter() - t0) * 1e3)
    print(json.dumps({"op": "trainingstep.step", "shape": shape_text, "threads": THREADS,
                      "ms": round(sum(times) / len(times), 1), "min_ms": round(min(times), 1)}), flush=True)
