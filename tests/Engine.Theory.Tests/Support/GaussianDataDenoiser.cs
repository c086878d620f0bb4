using Engine.Diffusion;
using Engine.NN;

namespace Engine.Theory.Tests.Support;

/// <summary>
/// The exact denoiser of Gaussian data x₀ ~ N(m, s²I) on ℝᵈ (d = horizon·channels): x̂₀(x_t, t) = E[x₀ | x_t]
/// = m + k_t (x_t − √ᾱ_t m), k_t = √ᾱ_t s² / (ᾱ_t s² + 1 − ᾱ_t). Wrapped as the network a <see cref="GaussianDiffusion"/>
/// calls (x: [batch, H, C], t: [batch] → x̂₀ [batch, H, C], float64), it makes the engine's reverse chain one whose
/// every output is known exactly.
/// </summary>
/// <remarks>
/// The posterior mean μ(x, t) = c1_t x̂₀ + c2_t x is affine in x with the scalar slope J_t = c1_t k_t + c2_t. That
/// is what makes the engine's guidance convention (shift the input, then denoise) an exact mean shift:
/// μ(x + δ, t) = μ(x, t) + J_t δ.
/// </remarks>
public sealed class GaussianDataDenoiser(DiffusionSchedule schedule, double[] mean, double std) : ITrajectoryModel
{
    public DiffusionSchedule Schedule => schedule;

    /// <summary>m: [d].</summary>
    public double[] Mean => mean;

    public double Std => std;

    public double Gain(int t)
    {
        double a = schedule.AlphasCumprod[t];
        return Math.Sqrt(a) * std * std / (a * std * std + 1 - a);
    }

    /// <summary>J_t = ∂μ/∂x, the same for every x.</summary>
    public double MeanSlope(int t) => schedule.PosteriorMeanCoef1[t] * Gain(t) + schedule.PosteriorMeanCoef2[t];

    /// <summary>x̂₀ for one flattened sample x: [d].</summary>
    public double[] Denoise(double[] x, int t)
    {
        double k = Gain(t), root = Math.Sqrt(schedule.AlphasCumprod[t]);
        return x.Select((xi, i) => mean[i] + k * (xi - root * mean[i])).ToArray();
    }

    /// <summary>q_t, the law of x_t: N(√ᾱ_t m, (ᾱ_t s² + 1 − ᾱ_t) I), as a one-component mixture (for d = 2).</summary>
    public NoisedMixture Marginal(int t) => new NoisedMixture([mean], [std * std]).Noised(schedule.AlphasCumprod[t]);

    public Tensor Forward(Tensor x, Tensor t) => TensorRows.MapSamples(x, t, Denoise);

    public IEnumerable<Parameter> Parameters() => [];
}
