#!/usr/bin/env python3
"""PyTorch CUDA side of bench/gpu-check.sh: W1, W2, W3, W6 of shared/peer/README.md on the GPU.

Prints one JSON line per measurement in the format of bench/Engine.GpuCheck (median ms over 20
synchronised samples after warm-up). No network access needed.
"""
import json
import math
import statistics
import sys
import time

import torch

DEV = torch.device("cuda")
ONLY = (sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else "W1,W2,W3,W6").split(",")


def timed(call, samples=20, warmup=3):
    for _ in range(warmup):
        call()
    torch.cuda.synchronize()
    times = []
    for _ in range(samples):
        start = time.perf_counter()
        call()
        torch.cuda.synchronize()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def emit(**fields):
    print(json.dumps(fields), flush=True)


def time_embedding(t):
    # Sinusoidal embedding of the diffusion step, 16 dims: [sin(t f_k), cos(t f_k)], f_k = exp(-k ln(1e4)/7).
    k = torch.arange(8, device=t.device, dtype=torch.float32)
    f = torch.exp(-k * math.log(1e4) / 7)
    a = t[:, None] * f[None, :]
    return torch.cat([a.sin(), a.cos()], dim=1)


class Reward(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.l1 = torch.nn.Linear(40, 128)
        self.l2 = torch.nn.Linear(128, 64)
        self.l3 = torch.nn.Linear(64, 32)
        self.l4 = torch.nn.Linear(32, 1)

    def forward(self, x, emb):
        h = torch.nn.functional.mish(self.l1(torch.cat([x, emb], dim=1)))
        h = torch.nn.functional.mish(self.l2(h))
        h = torch.nn.functional.mish(self.l3(h))
        return self.l4(h)


def setup():
    torch.manual_seed(0)
    net = Reward().to(DEV)
    x = torch.randn(256, 24, device=DEV)
    t = torch.randint(0, 64, (256,), device=DEV).float()
    target = torch.randn(256, 24, device=DEV)
    return net, x, time_embedding(t), target


if "W1" in ONLY:
    for n in (128, 256, 512, 1024, 2048):
        a = torch.randn(n, n, device=DEV)
        b = torch.randn(n, n, device=DEV)
        ms = timed(lambda: torch.mm(a, b))
        emit(workload="W1", impl="torch", n=n, median_ms=round(ms, 4), gflops=round(2 * n ** 3 / ms / 1e6, 1))

if "W2" in ONLY:
    net, x, emb, target = setup()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)

    def w2():
        xr = x.detach().requires_grad_()
        g, = torch.autograd.grad(net(xr, emb).sum(), xr, create_graph=True)
        loss = (g - target).square().sum(1).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()

    emit(workload="W2", median_ms=round(timed(w2), 4))

if "W3" in ONLY:
    net, x, emb, _ = setup()
    for p in net.parameters():
        p.requires_grad_(False)
    v = torch.randn(256, 24, device=DEV)

    def w3():
        xr = x.detach().requires_grad_()
        g, = torch.autograd.grad(net(xr, emb).sum(), xr, create_graph=True)
        hv, = torch.autograd.grad((g * v).sum(), xr)
        return hv

    emit(workload="W3", median_ms=round(timed(w3), 4))

if "W6" in ONLY:
    torch.manual_seed(0)
    leaf = torch.randn(64, device=DEV, requires_grad=True)

    def w6():
        y = leaf
        for _ in range(25):
            y = (y * 1.01 + 0.01).sin().tanh()
        y.sum().backward()
        leaf.grad = None

    ms = timed(w6)
    emit(workload="W6", median_ms=round(ms, 4), us_per_op_fwd_bwd=round(ms * 1000 / 100, 3))
