using Engine.NN;

namespace Engine.Bench;

/// <summary>
/// W9: one training step of a 2-D image diffusion model, the setting of the paper's §5.3 scaled to
/// 32×32: UNet2D (denoising-diffusion-pytorch layout, dim 32, channel dims 32-64-128-256, GroupNorm(8),
/// SiLU, attention off) on batch 32 of 3×32×32 images. Per step: t ~ U{0..999} and ε ~ N(0, 1),
/// x_t = √ᾱ_t·x0 + √(1 − ᾱ_t)·ε under DDPM's linear β from 1e-4 to 0.02, loss = mean((ε̂(x_t, t) − ε)²),
/// backward, Adam(2e-4). The PyTorch twin is bench/w9-unet2d-torch.py.
/// </summary>
public static class UNet2DWorkload
{
    public const int Batch = 32, Size = 32, Channels = 3, Steps = 1000;

    /// <summary>The network W9 trains (fixed seed).</summary>
    public static UNet2D Network(Generator g) => new(g, dim: 32, dimMults: [1, 2, 4, 8], channels: Channels);

    /// <summary>(√ᾱ_t, √(1 − ᾱ_t)) for t = 0 … Steps − 1 under the linear schedule, in double.</summary>
    public static (double[] SqrtAlphaBar, double[] SqrtOneMinusAlphaBar) Schedule()
    {
        var a = new double[Steps];
        var b = new double[Steps];
        double alphaBar = 1;
        for (int t = 0; t < Steps; t++)
        {
            double beta = 1e-4 + (0.02 - 1e-4) * t / (Steps - 1);
            alphaBar *= 1 - beta;
            a[t] = Math.Sqrt(alphaBar);
            b[t] = Math.Sqrt(1 - alphaBar);
        }
        return (a, b);
    }

    /// <summary>The timed call: one step (q-sample, ε̂, MSE, backward, Adam) inside a dispose scope.</summary>
    public static Action W9Step()
    {
        var g = new Generator(0);
        var net = Network(g);
        var opt = new Adam(net.Parameters(), lr: 2e-4) { DisposeReplacedValues = true };
        var x0 = Tensor.RandN(g, [Batch, Channels, Size, Size]).Clamp(-1, 1);
        var (sa, sb) = Schedule();
        return () =>
        {
            using var scope = Tensor.Scope();
            var t = Tensor.RandInt(g, 0, Steps, [Batch]);
            var steps = t.ToArrayInt();
            var a = Tensor.FromArray(steps.Select(i => (float)sa[i]).ToArray(), Batch, 1, 1, 1);
            var b = Tensor.FromArray(steps.Select(i => (float)sb[i]).ToArray(), Batch, 1, 1, 1);
            var noise = Tensor.RandN(g, x0.Shape);
            var loss = (net.Forward(a * x0 + b * noise, t) - noise).Square().Mean();
            opt.ZeroGrad();
            loss.Backward();
            opt.Step();
        };
    }
}
