"""The networks and the DDPM schedule of W4, W5, W7 and W8 (../shared/peer/README.md), for bench/gpu/torch_cuda.py.

Ported from the peer suite's CPU definitions (../shared/peer/torch_bench.py) so they can be built on any device:
every buffer is created on the device of the caller's choosing. Shapes: trajectories are [B, horizon, transition].
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


def sinusoidal_emb(t, dim):
    """Diffuser's step embedding [B, dim]: sin and cos of t·f_k, f_k = exp(-k·ln(1e4)/(dim/2 - 1))."""
    half = dim // 2
    k = torch.arange(half, dtype=torch.float32, device=t.device)
    arg = t.to(torch.float32)[:, None] * torch.exp(-k * math.log(10000.0) / (half - 1))[None, :]
    return torch.cat((arg.sin(), arg.cos()), dim=-1)


def leaky_relu(x):
    return F.leaky_relu(x, 0.01)


class RewardMLP(nn.Module):
    """W2/W3/W5's ρ: [B, 24] (four 6-channel steps) and a 16-dim step embedding -> 128 -> 64 -> 32 -> 1, Mish."""

    def __init__(self, in_dim=24, t_dim=16, hidden=(128, 64, 32)):
        super().__init__()
        self.t_dim = t_dim
        widths = [in_dim + t_dim, *hidden]
        self.hidden = nn.ModuleList(nn.Linear(a, b) for a, b in zip(widths[:-1], widths[1:]))
        self.out = nn.Linear(widths[-1], 1)

    def forward(self, x, t):
        h = torch.cat((x, sinusoidal_emb(t, self.t_dim)), dim=-1)
        for layer in self.hidden:
            h = F.mish(layer(h))
        return self.out(h)


class Conv1dBlock(nn.Module):
    """Conv1d (kernel k, same padding) -> GroupNorm(8) -> activation, on [B, C, L]."""

    def __init__(self, cin, cout, k, act=F.mish):
        super().__init__()
        self.conv = nn.Conv1d(cin, cout, k, padding=k // 2)
        self.norm = nn.GroupNorm(8, cout)
        self.act = act

    def forward(self, x):
        return self.act(self.norm(self.conv(x)))


class ResidualTemporalBlock(nn.Module):
    """Two Conv1dBlocks with the projected step embedding added between them, plus a (1x1-projected) skip."""

    def __init__(self, cin, cout, t_dim, k=5, act=F.mish):
        super().__init__()
        self.block1 = Conv1dBlock(cin, cout, k, act)
        self.block2 = Conv1dBlock(cout, cout, k, act)
        self.time_lin = nn.Linear(t_dim, cout)
        self.res = nn.Conv1d(cin, cout, 1) if cin != cout else None
        self.act = act

    def forward(self, x, temb):
        h = self.block2(self.block1(x) + self.time_lin(self.act(temb)).unsqueeze(-1))
        return h + (self.res(x) if self.res is not None else x)


class TemporalUnet(nn.Module):
    """Diffuser's temporal U-Net without attention; x [B, horizon, transition] -> same shape.
    As in the reference code, every up level ends in an upsample and the first level's skip is never used."""

    def __init__(self, transition_dim=6, dim=32, dim_mults=(1, 2, 4, 8), k=5):
        super().__init__()
        dims = [transition_dim] + [dim * m for m in dim_mults]
        in_out = list(zip(dims[:-1], dims[1:]))
        self.dim = dim
        self.time_mlp = nn.Sequential(nn.Linear(dim, dim * 4), nn.Mish(), nn.Linear(dim * 4, dim))
        self.downs = nn.ModuleList()
        for i, (a, b) in enumerate(in_out):
            down = nn.Identity() if i == len(in_out) - 1 else nn.Conv1d(b, b, 3, stride=2, padding=1)
            self.downs.append(nn.ModuleList([ResidualTemporalBlock(a, b, dim, k), ResidualTemporalBlock(b, b, dim, k), down]))
        mid = dims[-1]
        self.mid1 = ResidualTemporalBlock(mid, mid, dim, k)
        self.mid2 = ResidualTemporalBlock(mid, mid, dim, k)
        self.ups = nn.ModuleList()
        for a, b in reversed(in_out[1:]):
            self.ups.append(nn.ModuleList([ResidualTemporalBlock(b * 2, a, dim, k), ResidualTemporalBlock(a, a, dim, k),
                                           nn.ConvTranspose1d(a, a, 4, stride=2, padding=1)]))
        self.final_block = Conv1dBlock(dim, dim, k)
        self.final_conv = nn.Conv1d(dim, transition_dim, 1)

    def forward(self, x, t):
        x = x.transpose(1, 2)
        temb = self.time_mlp(sinusoidal_emb(t, self.dim))
        skips = []
        for r1, r2, down in self.downs:
            x = r2(r1(x, temb), temb)
            skips.append(x)
            x = down(x)
        x = self.mid2(self.mid1(x, temb), temb)
        for r1, r2, up in self.ups:
            x = up(r2(r1(torch.cat((x, skips.pop()), dim=1), temb), temb))
        return self.final_conv(self.final_block(x)).transpose(1, 2)


class LocoRewardNet(nn.Module):
    """W7's relative reward R(x, t) [B, 1]: the U-Net-encoder value function (LeakyReLU 0.01, GroupNorm 8), four
    levels of two residual blocks and a stride-2 downsample, two halving mid blocks each downsampled, then a
    two-layer head on the flattened features and the step embedding."""

    def __init__(self, transition_dim=14, horizon=32, dim=4, dim_mults=(16, 16, 32, 32), k=5):
        super().__init__()
        dims = [transition_dim] + [dim * m for m in dim_mults]
        self.dim = dim
        self.time_mlp = nn.Sequential(nn.Linear(dim, dim * 4), nn.LeakyReLU(0.01), nn.Linear(dim * 4, dim))
        self.blocks = nn.ModuleList(
            nn.ModuleList([ResidualTemporalBlock(a, b, dim, k, leaky_relu), ResidualTemporalBlock(b, b, dim, k, leaky_relu),
                           nn.Conv1d(b, b, 3, stride=2, padding=1)])
            for a, b in zip(dims[:-1], dims[1:]))
        c = dims[-1]
        self.mid1 = ResidualTemporalBlock(c, c // 2, dim, k, leaky_relu)
        self.mid_down1 = nn.Conv1d(c // 2, c // 2, 3, stride=2, padding=1)
        self.mid2 = ResidualTemporalBlock(c // 2, c // 4, dim, k, leaky_relu)
        self.mid_down2 = nn.Conv1d(c // 4, c // 4, 3, stride=2, padding=1)
        length = horizon
        for _ in range(len(dim_mults) + 2):
            length = (length - 1) // 2 + 1
        fc = c // 4 * length
        self.head1 = nn.Linear(fc + dim, fc // 2)
        self.head2 = nn.Linear(fc // 2, 1)

    def forward(self, x, t):
        x = x.transpose(1, 2)
        temb = self.time_mlp(sinusoidal_emb(t, self.dim))
        for r1, r2, down in self.blocks:
            x = down(r2(r1(x, temb), temb))
        x = self.mid_down2(self.mid2(self.mid_down1(self.mid1(x, temb)), temb))
        return self.head2(leaky_relu(self.head1(torch.cat((x.flatten(1), temb), dim=-1))))


class SingleStepRewardMLP(nn.Module):
    """W8's ρ on one window: h steps flattened (h·C) with a time-MLP step embedding -> Linear+Mish per width,
    the last to width 1, then Linear(1, 1)."""

    def __init__(self, transition_dim=6, horizon=4, dim=4, dim_mults=(32, 16, 8), embed_dim=32):
        super().__init__()
        self.embed_dim = embed_dim
        self.time_lin1 = nn.Linear(embed_dim, embed_dim * 4)
        self.time_lin2 = nn.Linear(embed_dim * 4, embed_dim)
        widths = [horizon * transition_dim + embed_dim] + [dim * m for m in dim_mults] + [1]
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(widths[:-1], widths[1:]))
        self.out = nn.Linear(1, 1)

    def forward(self, x, t):
        h = torch.cat((x, self.time_lin2(F.mish(self.time_lin1(sinusoidal_emb(t, self.embed_dim))))), dim=-1)
        for layer in self.layers:
            h = F.mish(layer(h))
        return self.out(h)


def windowed_reward(rho, x, t, h):
    """The maze sequence reward [B]: x [B, Hs, C] cut into n = Hs/h strided windows (window k holds steps
    k, k+n, …), each scored at the trajectory's t, averaged."""
    b, hs, c = x.shape
    n = hs // h
    windows = x.reshape(b, h, n, c).transpose(1, 2).reshape(b * n, h * c)
    return rho(windows, t.repeat_interleave(n)).reshape(b, n).mean(dim=1)


class Schedule:
    """Cosine-schedule DDPM buffers, computed in float64 and stored float32 on `device`."""

    def __init__(self, steps, device, s=0.008):
        grid = [i * (steps + 1) / steps for i in range(steps + 1)]
        f = [math.cos(((x / (steps + 1)) + s) / (1 + s) * math.pi * 0.5) ** 2 for x in grid]
        f = [v / f[0] for v in f]
        betas = [min(max(1 - f[i + 1] / f[i], 0.0), 0.999) for i in range(steps)]
        alphas = [1 - b for b in betas]
        ac, p = [], 1.0
        for a in alphas:
            p *= a
            ac.append(p)
        prev = [1.0] + ac[:-1]
        buf = lambda v: torch.tensor(v, dtype=torch.float32, device=device)
        self.steps = steps
        self.sqrt_ac = buf([math.sqrt(a) for a in ac])
        self.sqrt_1m_ac = buf([math.sqrt(1 - a) for a in ac])
        self.sqrt_recip_ac = buf([math.sqrt(1 / a) for a in ac])
        self.sqrt_recipm1_ac = buf([math.sqrt(1 / a - 1) for a in ac])
        variance = [betas[i] * (1 - prev[i]) / (1 - ac[i]) for i in range(steps)]
        self.post_logvar = buf([math.log(max(v, 1e-20)) for v in variance])
        self.post_c1 = buf([betas[i] * math.sqrt(prev[i]) / (1 - ac[i]) for i in range(steps)])
        self.post_c2 = buf([(1 - prev[i]) * math.sqrt(alphas[i]) / (1 - ac[i]) for i in range(steps)])


def ext(buf, t):
    """buf[t] shaped [B, 1, 1] to broadcast over a trajectory batch."""
    return buf.gather(0, t).reshape(-1, 1, 1)
