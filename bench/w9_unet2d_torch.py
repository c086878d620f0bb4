"""W9's PyTorch twin: one training step of the 2-D U-Net (denoising-diffusion-pytorch layout, attention off,
dim 32, channel dims 32-64-128-256, GroupNorm(8), SiLU) on batch 32 of 3x32x32 images, as Engine.Bench's
UNet2DWorkload: t ~ U{0..999}, eps ~ N(0, 1), x_t = sqrt(abar_t) x0 + sqrt(1 - abar_t) eps under DDPM's
linear beta 1e-4 .. 0.02, loss = mse(eps_hat(x_t, t), eps), backward, Adam(2e-4).

Not run on its own: bench/torch-cputime.py loads ../shared/peer/torch_bench.py and calls run(tb) for
`--only W9`, so the step is timed by the peer suite's own measure() and reported by its emit() (same
protocol, threads, allocator and BLAS as W1-W8). The network is tests/fixtures/unet2d_torch.py, the
one the UNet2D golden fixture is made with.
"""
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures"))
from unet2d_torch import UNet2D  # noqa: E402

BATCH, SIZE, CHANNELS, STEPS = 32, 32, 3, 1000


def run(tb):
    torch.manual_seed(0)
    model = UNet2D(dim=32, dim_mults=(1, 2, 4, 8), channels=CHANNELS)
    nparams = sum(p.numel() for p in model.parameters())
    betas = torch.linspace(1e-4, 0.02, STEPS, dtype=torch.float64)
    abar = torch.cumprod(1 - betas, 0)
    sa, sb = abar.sqrt().float(), (1 - abar).sqrt().float()
    x0 = torch.randn(BATCH, CHANNELS, SIZE, SIZE).clamp_(-1, 1)
    opt = torch.optim.Adam(model.parameters(), lr=2e-4)
    gen = torch.Generator().manual_seed(1)

    def step():
        t = torch.randint(0, STEPS, (BATCH,), generator=gen)
        noise = torch.randn(BATCH, CHANNELS, SIZE, SIZE, generator=gen)
        xt = sa[t].view(BATCH, 1, 1, 1) * x0 + sb[t].view(BATCH, 1, 1, 1) * noise
        loss = F.mse_loss(model(xt, t), noise)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return loss

    first = step().item()
    r = tb.measure(step, warmup_min=2, warmup_s=0.0)
    tb.emit({"workload": "W9_unet2d_train_step", "batch": BATCH, "size": SIZE, "params": nparams, **r,
             "loss_first": round(first, 6)})
