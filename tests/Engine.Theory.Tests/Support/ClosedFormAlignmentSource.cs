using Engine.Rewards.Extraction;

namespace Engine.Theory.Tests.Support;

/// <summary>
/// An <see cref="IAlignmentSource"/> whose target is a known field on ℝ² (horizon 1, two channels): x_t is drawn
/// from a closed-form density q_t at one fixed step t, μ_B = 0 and μ_E = v(x_t), so the production
/// <see cref="GradientAlignment"/> loss (mean-difference target, gradient at x_t) is mean ‖∇ρ(x_t) − v(x_t)‖²/2 under q_t
/// — Eq. (11) at one t with the expectation's weight q_t.
/// </summary>
public sealed class ClosedFormAlignmentSource(NoisedMixture density, Func<double, double, (double X, double Y)> field, int step)
    : IAlignmentSource
{
    public int Horizon => 1;

    public int TransitionDim => 2;

    /// <summary>A batch: X, μ_B, μ_E each [batch, 1, 2]; every sample at the source's fixed diffusion step.</summary>
    public AlignmentBatch Next(Generator g, int batchSize)
    {
        var x = new double[batchSize * 2];
        var v = new double[batchSize * 2];
        for (int b = 0; b < batchSize; b++)
        {
            int k = (int)g.NextInt(density.Means.Length);
            double sd = Math.Sqrt(density.Variances[k]);
            x[2 * b] = density.Means[k][0] + sd * g.NextNormal();
            x[2 * b + 1] = density.Means[k][1] + sd * g.NextNormal();
            (v[2 * b], v[2 * b + 1]) = field(x[2 * b], x[2 * b + 1]);
        }
        return new AlignmentBatch(Tensor.FromArray(x, batchSize, 1, 2), Enumerable.Repeat(step, batchSize).ToArray(),
            Tensor.FromArray(new double[batchSize * 2], batchSize, 1, 2), Tensor.FromArray(v, batchSize, 1, 2));
    }
}
