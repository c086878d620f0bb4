#!/usr/bin/env python3
"""PyTorch side of bench/gpu-check.sh: W1–W8 of ../shared/peer/README.md on the GPU.

Prints one JSON line per measurement, keyed as bench/Engine.GpuCheck prints them ({"workload": "W4", "median_ms": …};
W1 with n and impl "torch"; W5 and W7 also time their unguided step as W5_plain and W7_plain). Each call is one
step, timed with the engine's protocol: warm-up calls, then one synchronised call per sample, the median in ms.
No network access needed.

  torch_cuda.py [--only W1,...,W8] [--device cuda|cpu] [--micro]

--micro runs the dry run's sizes (bench/Engine.GpuCheck/CheckSizes.cs); --device cpu lets the dry run use a CPU
PyTorch where one is installed.
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn.functional as F

from torch_models import (LocoRewardNet, RewardMLP, Schedule, SingleStepRewardMLP, TemporalUnet, ext, windowed_reward)

ARGS = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ARGS.add_argument("--only", default="W1,W2,W3,W4,W5,W6,W7,W8")
ARGS.add_argument("--device", default="cuda", choices=["cuda", "cpu"])
ARGS.add_argument("--micro", action="store_true")
ARGS = ARGS.parse_args()
DEV = torch.device(ARGS.device)
ONLY = {w.strip().upper() for w in ARGS.only.split(",") if w.strip()}
WARMUP, SAMPLES = (1, 3) if ARGS.micro else (3, 20)

# The sizes of CheckSizes.Peer and CheckSizes.Micro.
if ARGS.micro:
    GEMM, REWARD_BATCH = (16, 32), 4
    UNET = dict(batch=2, horizon=8, dim=8, mults=(1, 2), steps=4)
    UNET5 = UNET
    LOCO = dict(batch=2, horizon=8, dim=8, mults=(1, 2))
    MAZE = dict(batch=2, horizon=8)
else:
    GEMM, REWARD_BATCH = (128, 256, 512, 1024, 2048), 256
    UNET = dict(batch=32, horizon=128, dim=32, mults=(1, 2, 4, 8), steps=64)
    UNET5 = dict(UNET, batch=64)
    LOCO = dict(batch=64, horizon=32, dim=32, mults=(1, 2, 4, 8))
    MAZE = dict(batch=256, horizon=64)
ACTION_DIM = 2  # maze2d: 2 actions + 4 observation dims = transition 6


def sync():
    if DEV.type == "cuda":
        torch.cuda.synchronize()


def timed(call):
    for _ in range(WARMUP):
        call()
    sync()
    times = []
    for _ in range(SAMPLES):
        start = time.perf_counter()
        call()
        sync()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def emit(**fields):
    print(json.dumps(fields), flush=True)


def randn(*shape, gen=None):
    return torch.randn(*shape, device=DEV, generator=gen)


def reward_setup(batch):
    torch.manual_seed(0)
    rho = RewardMLP().to(DEV)
    return rho, randn(batch, 24), randn(batch, 24), torch.randint(0, 64, (batch,), device=DEV)


def w1():
    for n in GEMM:
        a, b = randn(n, n), randn(n, n)
        ms = timed(lambda: torch.mm(a, b))
        emit(workload="W1", impl="torch", n=n, median_ms=round(ms, 4), gflops=round(2 * n ** 3 / ms / 1e6, 1))


def w2():
    rho, x0, target, t = reward_setup(REWARD_BATCH)
    opt = torch.optim.Adam(rho.parameters(), lr=1e-3)

    def step():
        x = x0.detach().requires_grad_(True)
        (g,) = torch.autograd.grad(rho(x, t).sum(), x, create_graph=True)
        loss = (g - target).pow(2).sum(dim=1).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()

    emit(workload="W2", median_ms=round(timed(step), 4))


def w3():
    rho, x0, _, t = reward_setup(REWARD_BATCH)
    v = torch.randn_like(x0)

    def hvp():
        x = x0.detach().requires_grad_(True)
        (g,) = torch.autograd.grad(rho(x, t).sum(), x, create_graph=True)
        (hv,) = torch.autograd.grad((g * v).sum(), x)
        return hv

    emit(workload="W3", median_ms=round(timed(hvp), 4))


def maze_condition(x, start, goal):
    x[:, 0, ACTION_DIM:] = start
    x[:, -1, ACTION_DIM:] = goal
    return x


def w4():
    s = UNET
    torch.manual_seed(0)
    model = TemporalUnet(6, s["dim"], s["mults"]).to(DEV)
    sched = Schedule(s["steps"], DEV)
    b, h = s["batch"], s["horizon"]
    x0 = randn(b, h, 6).clamp_(-1, 1)
    start, goal = x0[:, 0, ACTION_DIM:].clone(), x0[:, -1, ACTION_DIM:].clone()
    opt = torch.optim.Adam(model.parameters(), lr=2e-4)
    gen = torch.Generator(device=DEV).manual_seed(1)

    def step():
        t = torch.randint(0, sched.steps, (b,), generator=gen, device=DEV)
        noise = randn(b, h, 6, gen=gen)
        xt = maze_condition(ext(sched.sqrt_ac, t) * x0 + ext(sched.sqrt_1m_ac, t) * noise, start, goal)
        loss = F.mse_loss(model(xt, t), noise)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()

    emit(workload="W4", median_ms=round(timed(step), 4))


def chain_stepper(steps, p_step, start):
    """One denoising step per call, walking t = steps-1 … 0 and restarting from `start`."""
    gen = torch.Generator(device=DEV).manual_seed(3)
    state = [start.clone(), steps - 1]

    def call():
        x, i = state
        with torch.no_grad():
            x = p_step(x, i, gen)
        state[0], state[1] = (x, i - 1) if i > 0 else (start.clone(), steps - 1)
    return call


def w5():
    s = UNET5
    torch.manual_seed(0)
    model = TemporalUnet(6, s["dim"], s["mults"]).to(DEV).eval()
    sched = Schedule(s["steps"], DEV)
    torch.manual_seed(0)
    rho = RewardMLP().to(DEV)
    b, h = s["batch"], s["horizon"]
    cond = randn(b, 2, 6 - ACTION_DIM).clamp_(-1, 1)
    start, goal = cond[:, 0], cond[:, 1]

    def p_step(x, i, gen, guided):
        t = torch.full((b,), i, dtype=torch.long, device=DEV)
        if guided:
            # one gradient of Σρ over the b·h/4 windows of 4 consecutive steps, scaled by the posterior variance
            with torch.enable_grad():
                xg = x.detach().requires_grad_(True)
                (g,) = torch.autograd.grad(rho(xg.reshape(b * (h // 4), 24), t.repeat_interleave(h // 4)).sum(), xg)
            x = maze_condition(x + 0.1 * ext(sched.post_logvar, t).exp() * g, start, goal)
        eps = model(x, t)
        x0 = (ext(sched.sqrt_recip_ac, t) * x - ext(sched.sqrt_recipm1_ac, t) * eps).clamp_(-1.0, 1.0)
        mean = ext(sched.post_c1, t) * x0 + ext(sched.post_c2, t) * x
        if i > 0:
            mean = mean + (0.5 * ext(sched.post_logvar, t)).exp() * randn(b, h, 6, gen=gen)
        return maze_condition(mean, start, goal)

    x_start = maze_condition(randn(b, h, 6, gen=torch.Generator(device=DEV).manual_seed(2)), start, goal)
    for guided, name in ((True, "W5"), (False, "W5_plain")):
        call = chain_stepper(sched.steps, lambda x, i, gen: p_step(x, i, gen, guided), x_start)
        emit(workload=name, median_ms=round(timed(call), 4))


def w7():
    s = LOCO
    b, h, obs_dim, act = s["batch"], s["horizon"], 11, 3
    d = obs_dim + act
    steps, scale, t_stopgrad = 20, 0.2, 10  # hopper
    torch.manual_seed(0)
    unet = TemporalUnet(d, s["dim"], s["mults"]).to(DEV).eval()
    sched = Schedule(steps, DEV)
    torch.manual_seed(0)
    reward = LocoRewardNet(d, h).to(DEV)
    obs = randn(b, obs_dim)

    def condition(x):
        x[:, 0, act:] = obs
        return x

    def p_step(x, i, gen, guided):
        t = torch.full((b,), i, dtype=torch.long, device=DEV)
        if guided:
            # the gradient is taken at every step and zeroed below t_stopgrad, as the reference code does
            with torch.enable_grad():
                xg = x.detach().requires_grad_(True)
                (g,) = torch.autograd.grad(reward(xg, t).sum(), xg)
            x = condition(x + scale * g.masked_fill_((t < t_stopgrad).reshape(-1, 1, 1), 0.0))
        mean = ext(sched.post_c1, t) * unet(x, t) + ext(sched.post_c2, t) * x
        if i > 0:
            mean = mean + (0.5 * ext(sched.post_logvar, t)).exp() * randn(b, h, d, gen=gen)
        return condition(mean)

    x_start = condition(randn(b, h, d, gen=torch.Generator(device=DEV).manual_seed(2)))
    for guided, name in ((True, "W7"), (False, "W7_plain")):
        call = chain_stepper(steps, lambda x, i, gen: p_step(x, i, gen, guided), x_start)
        emit(workload=name, median_ms=round(timed(call), 4))


def w8():
    b, hs, window = MAZE["batch"], MAZE["horizon"], 4
    torch.manual_seed(0)
    rho = SingleStepRewardMLP(6, window).to(DEV)
    x0, target = randn(b, hs, 6), randn(b, hs, 6)
    t = torch.randint(0, 20, (b,), device=DEV)
    opt = torch.optim.Adam(rho.parameters(), lr=1e-3)

    def step():
        x = x0.detach().requires_grad_(True)
        (g,) = torch.autograd.grad(windowed_reward(rho, x, t, window).sum(), x, create_graph=True)
        loss = F.mse_loss(g, target)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()

    emit(workload="W8", median_ms=round(timed(step), 4))


def w6():
    torch.manual_seed(0)
    leaf = torch.randn(64, device=DEV, requires_grad=True)

    def chain():
        y = leaf
        for _ in range(25):
            y = torch.tanh(torch.sin(y * 1.01 + 0.01))
        y.sum().backward()
        leaf.grad = None

    emit(workload="W6", median_ms=round(timed(chain), 4))


if __name__ == "__main__":
    emit(workload="env", torch=torch.__version__, device=torch.cuda.get_device_name() if DEV.type == "cuda" else "cpu")
    for name, run in (("W1", w1), ("W2", w2), ("W3", w3), ("W4", w4), ("W5", w5), ("W6", w6), ("W7", w7), ("W8", w8)):
        if name in ONLY:
            run()
