using Engine.Rewards.Extraction;

namespace Engine.Theory.Tests.Support;

/// <summary>
/// An <see cref="IAlignmentSource"/> whose target is a known field on ℝ² (horizon 1, two channels): x_t is drawn
/// from a closed-form density q_t at one fixed step t, μ_B = 0 and μ_E = v(x_t), so the production
/// <see cref="GradientAlignment"/> loss (mean-difference target, gradient at x_t) is mean ‖∇ρ(x_t) − v(x_t)‖²/2 under q_t
/// — Eq. (11) at one t with the expectation's weight q_t. v is evaluated once per batch on all its points ([M][2] → [M][2]),
/// so it may be a pair of engine diffusions (<see cref="MeanDifference"/>).
/// </summary>
public sealed class ClosedFormAlignmentSource(NoisedMixture density, Func<double[][], double[][]> field, int step)
    : IAlignmentSource
{
    public int Horizon => 1;

    public int TransitionDim => 2;

    /// <summary>A field given point by point, as a batched one.</summary>
    public static Func<double[][], double[][]> Batched(Func<double, double, (double X, double Y)> field) =>
        points => points.Select(p => { var (x, y) = field(p[0], p[1]); return new[] { x, y }; }).ToArray();

    /// <summary>A batch: X, μ_B, μ_E each [batch, 1, 2]; every sample at the source's fixed diffusion step.</summary>
    public AlignmentBatch Next(Generator g, int batchSize)
    {
        var points = new double[batchSize][];
        for (int b = 0; b < batchSize; b++)
        {
            int k = (int)g.NextInt(density.Means.Length);
            double sd = Math.Sqrt(density.Variances[k]);
            points[b] = [density.Means[k][0] + sd * g.NextNormal(), density.Means[k][1] + sd * g.NextNormal()];
        }
        var v = field(points);
        return new AlignmentBatch(Tensor.FromArray(points.SelectMany(p => p).ToArray(), batchSize, 1, 2), Enumerable.Repeat(step, batchSize).ToArray(),
            Tensor.FromArray(new double[batchSize * 2], batchSize, 1, 2), Tensor.FromArray(v.SelectMany(p => p).ToArray(), batchSize, 1, 2));
    }
}
