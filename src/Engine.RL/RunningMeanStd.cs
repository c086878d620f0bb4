namespace Engine.RL;

/// <summary>
/// Per-dimension running mean and variance over batches (Chan et al.'s parallel update), as Gym's
/// NormalizeObservation / NormalizeReward wrappers keep them: mean 0, variance 1 and a pseudo-count of
/// 1e-4 before the first batch. <c>Mean, Var: [Dim]</c>.
/// </summary>
public sealed class RunningMeanStd
{
    /// <summary>Statistics of <paramref name="dim"/> values: mean 0, variance 1, count 1e-4.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dim"/> is not positive.</exception>
    public RunningMeanStd(int dim)
    {
        if (dim <= 0) throw new ArgumentOutOfRangeException(nameof(dim), dim, "RunningMeanStd: dimension must be positive");
        Mean = new double[dim];
        Var = Enumerable.Repeat(1.0, dim).ToArray();
        Count = 1e-4;
    }

    /// <summary>Running mean per dimension, <c>[Dim]</c> (the live array).</summary>
    public double[] Mean { get; private set; }
    /// <summary>Running population variance per dimension, <c>[Dim]</c> (the live array).</summary>
    public double[] Var { get; private set; }
    /// <summary>Rows folded in so far, plus the initial pseudo-count 1e-4.</summary>
    public double Count { get; private set; }
    /// <summary>Number of dimensions tracked.</summary>
    public int Dim => Mean.Length;

    /// <summary>Folds in a batch of rows. <c>batch: [rows, Dim]</c> row-major.</summary>
    public void Update(ReadOnlySpan<double> batch, int rows)
    {
        if (rows <= 0) return;
        if (batch.Length != rows * Dim)
            throw new ArgumentException($"RunningMeanStd.Update: batch has {batch.Length} values, expected [{rows}, {Dim}]");
        double total = Count + rows;
        for (int j = 0; j < Dim; j++)
        {
            double mean = 0;
            for (int r = 0; r < rows; r++) mean += batch[r * Dim + j];
            mean /= rows;
            double m2 = 0;
            for (int r = 0; r < rows; r++)
            {
                double d = batch[r * Dim + j] - mean;
                m2 += d * d;
            }
            double delta = mean - Mean[j];
            double combined = Var[j] * Count + m2 + delta * delta * Count * rows / total;
            Mean[j] += delta * rows / total;
            Var[j] = combined / total;
        }
        Count = total;
    }

    /// <summary>clip((x − mean)/√(var + ε), ±clip), elementwise over rows of <c>[*, Dim]</c>.</summary>
    public void Normalize(ReadOnlySpan<double> x, Span<double> y, double clip = 10, double epsilon = 1e-8)
    {
        for (int i = 0; i < x.Length; i++)
        {
            int j = i % Dim;
            y[i] = Math.Clamp((x[i] - Mean[j]) / Math.Sqrt(Var[j] + epsilon), -clip, clip);
        }
    }

    /// <summary>A copy (for frozen policies and checkpoints).</summary>
    public RunningMeanStd Clone() => new(Dim) { Mean = (double[])Mean.Clone(), Var = (double[])Var.Clone(), Count = Count };

    /// <summary>Restores saved statistics.</summary>
    public static RunningMeanStd From(double[] mean, double[] var, double count)
    {
        if (mean.Length != var.Length || mean.Length == 0)
            throw new InvalidDataException($"RunningMeanStd: mean has {mean.Length} values, var {var.Length}");
        if (!(count > 0) || var.Any(v => !(v >= 0)))
            throw new InvalidDataException("RunningMeanStd: count must be positive and variances non-negative");
        return new RunningMeanStd(mean.Length) { Mean = (double[])mean.Clone(), Var = (double[])var.Clone(), Count = count };
    }
}
