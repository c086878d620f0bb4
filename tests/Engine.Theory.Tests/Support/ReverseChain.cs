using Engine.Diffusion;

namespace Engine.Theory.Tests.Support;

/// <summary>
/// The engine's ancestral sampling loop (<see cref="GaussianDiffusion.PSampleLoop"/>, float64, unconditioned), recorded
/// step by step. Chains started from generators with one seed share x_T and every step's noise: guidance draws no random
/// numbers, so a guided and an unguided loop see the same Brownian increments.
/// </summary>
public static class ReverseChain
{
    /// <summary>The states after each step, x_{T−1} … x₀, each flattened: [T][batch·d] (d = H·C).</summary>
    public static double[][] Run(GaussianDiffusion diffusion, int batch, ulong noiseSeed, Reward? reward = null, GuideOptions? guide = null)
    {
        var states = new List<double[]>();
        var none = Conditioning.None(batch, diffusion.Horizon, diffusion.TransitionDim, DType.Float64);
        diffusion.PSampleLoop(batch, none, new Generator(noiseSeed), (_, x) => states.Add(x.ToArrayDouble()), reward, guide, DType.Float64);
        return states.ToArray();
    }

    /// <summary>x_T of <see cref="Run"/> with the same seed (the loop's first draw): [batch][d].</summary>
    public static double[][] Start(GaussianDiffusion diffusion, int batch, ulong noiseSeed)
    {
        var x = Tensor.RandN(new Generator(noiseSeed), [batch, diffusion.Horizon, diffusion.TransitionDim], DType.Float64);
        return TensorRows.FromFlat(x.ToArrayDouble(), batch, diffusion.Horizon * diffusion.TransitionDim);
    }

    /// <summary>ρ = Φ on flattened samples as the sampler's <see cref="Reward"/>; each call's (step, x [batch][d]) goes to <paramref name="calls"/>.</summary>
    public static Reward Potential(RandomPotential phi, List<(int Step, double[][] X)>? calls = null, double offset = 0) => (x, t) =>
    {
        int batch = x.Shape[0];
        calls?.Add(((int)t.Cast(DType.Float64).ToArrayDouble()[0], TensorRows.FromFlat(x.ToArrayDouble(), batch, phi.Dimension)));
        return phi.Evaluate(x.Reshape(batch, phi.Dimension)) + offset;
    };

    /// <summary>For each chain b: the largest |a − b| over every step and coordinate of that chain: [batch].</summary>
    public static double[] GapPerChain(double[][] a, double[][] b, int batch)
    {
        int d = a[0].Length / batch;
        var gap = new double[batch];
        for (int s = 0; s < a.Length; s++)
            for (int i = 0; i < a[s].Length; i++) gap[i / d] = Math.Max(gap[i / d], Math.Abs(a[s][i] - b[s][i]));
        return gap;
    }

    /// <summary>Rounding allowance for comparing two chains: 1e-10 relative to the chain's largest coordinate.</summary>
    /// <remarks>
    /// Each step rounds at ~1e-16 of the state; ≤ 20 steps with per-step gains J_t ≤ ~1 amplify that by at most a few
    /// hundred, while every genuine difference checked here is a kick of ≥ 1e-7.
    /// </remarks>
    public static double Tolerance(double[][] chain) => 1e-10 * (1 + chain.Max(s => s.Max(Math.Abs)));
}
