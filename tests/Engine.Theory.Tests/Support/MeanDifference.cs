using Engine.Autodiff;
using Engine.Diffusion;

namespace Engine.Theory.Tests.Support;

/// <summary>
/// v(x) = μ_E(x, t) − μ_B(x, t), the difference of two engine diffusions' posterior means (what the reward loss aligns
/// ∇ρ with, App. E.1.5), as a field on flattened samples x ∈ ℝᵏ, k = H·C − e. Each point is padded with e trailing
/// zeros (for H = 1: conditioned observation channels held at 0), shaped [M, H, C], and the padding is dropped from v.
/// </summary>
public static class MeanDifference
{
    /// <summary>v at each point: [M][k] → [M][k], float64.</summary>
    public static double[][] At(GaussianDiffusion baseModel, GaussianDiffusion expertModel, double[][] points, int t, int extraChannels = 0)
    {
        int m = points.Length, k = points[0].Length, c = k + extraChannels;
        var flat = new double[m * c];
        for (int i = 0; i < m; i++) Array.Copy(points[i], 0, flat, i * c, k);
        var x = Tensor.FromArray(flat, m, baseModel.Horizon, baseModel.TransitionDim);
        var steps = Enumerable.Repeat(t, m).ToArray();
        double[] difference;
        using (Autograd.NoGrad())
            difference = (expertModel.PMeanVariance(x, steps).Mean - baseModel.PMeanVariance(x, steps).Mean).ToArrayDouble();
        return Enumerable.Range(0, m).Select(i => difference.AsSpan(i * c, k).ToArray()).ToArray();
    }
}
