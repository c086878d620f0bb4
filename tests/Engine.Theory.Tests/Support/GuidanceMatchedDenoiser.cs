using Engine.Diffusion;
using Engine.NN;

namespace Engine.Theory.Tests.Support;

/// <summary>
/// An "expert" whose posterior mean is the base mean plus the shift one production guidance step would cause if
/// ∇ρ were the field F: μ_E(x, t) = μ_B(x, t) + J_t·ω·s_t·F(x, t), with J_t the base's mean slope, ω the guide scale,
/// s_t = σ̃²_t (clipped, as <see cref="GaussianDiffusion.GuidedPSample"/> uses it) or 1 without ScaleGradByStd, and
/// no shift where t &lt; t_stopgrad. Realised through x̂₀: x̂₀,E = x̂₀,B + (J_t ω s_t / c1_t)·F (c1_t &gt; 0 for every t).
/// x: [batch, H, C], t: [batch] → x̂₀ [batch, H, C], float64; F maps a flattened sample [d] and a step to [d].
/// </summary>
/// <remarks>
/// F is evaluated in plain doubles (a closed form), never through engine autodiff, so the guided chain's ∇ρ (autodiff)
/// and the expert's F are computed independently. When F = ∇ρ, Theorem 4.1's existence says the guided base chain is
/// the expert chain; when F has a rotational part, no ρ can do it.
/// </remarks>
public sealed class GuidanceMatchedDenoiser(GaussianDataDenoiser baseModel, GuideOptions guide, Func<double[], int, double[]> field)
    : ITrajectoryModel
{
    /// <summary>The mean shift per unit of F at step t: J_t ω s_t (zero below t_stopgrad).</summary>
    public double ShiftScale(int t)
    {
        if (t < guide.TStopgrad) return 0;
        double s = guide.ScaleGradByStd ? Math.Exp(baseModel.Schedule.PosteriorLogVarianceClipped[t]) : 1;
        return baseModel.MeanSlope(t) * guide.Scale * s;
    }

    public double[] Denoise(double[] x, int t)
    {
        var x0 = baseModel.Denoise(x, t);
        double k = ShiftScale(t) / baseModel.Schedule.PosteriorMeanCoef1[t];
        if (k == 0) return x0;
        var f = field(x, t);
        return x0.Select((v, i) => v + k * f[i]).ToArray();
    }

    public Tensor Forward(Tensor x, Tensor t) => TensorRows.MapSamples(x, t, Denoise);

    public IEnumerable<Parameter> Parameters() => [];
}
