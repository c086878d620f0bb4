namespace Engine.Envs.MuJoCo.Data;

/// <summary>
/// a = clip(W·(o − μ)/σ, −1, 1): the linear policy of augmented random search, with a frozen
/// observation normaliser. <c>Weights: [ActionDim, ObservationDim]</c> row-major.
/// </summary>
public sealed class LinearPolicy
{
    /// <summary>A policy over the given arrays, which are kept (not copied).</summary>
    /// <param name="observationDim">Values per observation, O.</param>
    /// <param name="actionDim">Values per action, A.</param>
    /// <param name="weights">W, <c>[A, O]</c> row-major.</param>
    /// <param name="mean">μ of the observation normaliser, <c>[O]</c>.</param>
    /// <param name="std">σ of the observation normaliser, <c>[O]</c> (positive).</param>
    /// <exception cref="ArgumentException">An array's length does not match the sizes.</exception>
    public LinearPolicy(int observationDim, int actionDim, double[] weights, double[] mean, double[] std)
    {
        if (weights.Length != observationDim * actionDim)
            throw new ArgumentException($"weights has {weights.Length} values; expected {actionDim}×{observationDim}.", nameof(weights));
        if (mean.Length != observationDim || std.Length != observationDim)
            throw new ArgumentException("mean and std must have one value per observation dimension.", nameof(mean));
        ObservationDim = observationDim;
        ActionDim = actionDim;
        Weights = weights;
        Mean = mean;
        Std = std;
    }

    /// <summary>Values per observation, O.</summary>
    public int ObservationDim { get; }
    /// <summary>Values per action, A.</summary>
    public int ActionDim { get; }
    /// <summary>W, <c>[ActionDim, ObservationDim]</c> row-major (the live array).</summary>
    public double[] Weights { get; }
    /// <summary>μ of the frozen observation normaliser, <c>[ObservationDim]</c>.</summary>
    public double[] Mean { get; }
    /// <summary>σ of the frozen observation normaliser, <c>[ObservationDim]</c>.</summary>
    public double[] Std { get; }

    /// <summary>A zero policy with the identity normaliser.</summary>
    public static LinearPolicy Zero(int observationDim, int actionDim) => new(observationDim, actionDim,
        new double[observationDim * actionDim], new double[observationDim], Enumerable.Repeat(1.0, observationDim).ToArray());

    /// <summary>Writes the action for <paramref name="observation"/>, with weights W + scale·delta when a delta is given.</summary>
    public void Act(ReadOnlySpan<double> observation, Span<double> action, ReadOnlySpan<double> delta = default, double scale = 0)
    {
        Span<double> z = stackalloc double[ObservationDim];
        for (var j = 0; j < ObservationDim; j++)
            z[j] = (observation[j] - Mean[j]) / Std[j];
        for (var i = 0; i < ActionDim; i++)
        {
            var sum = 0.0;
            var row = i * ObservationDim;
            if (delta.IsEmpty)
                for (var j = 0; j < ObservationDim; j++) sum += Weights[row + j] * z[j];
            else
                for (var j = 0; j < ObservationDim; j++) sum += (Weights[row + j] + scale * delta[row + j]) * z[j];
            action[i] = Math.Clamp(sum, -1.0, 1.0);
        }
    }

    /// <summary>A deep copy.</summary>
    public LinearPolicy Clone() => new(ObservationDim, ActionDim, (double[])Weights.Clone(), (double[])Mean.Clone(), (double[])Std.Clone());
}

/// <summary>Sums for a running mean and variance of observations; merged in a fixed order for determinism.</summary>
/// <param name="dim">Observation dimensions tracked.</param>
public sealed class ObservationStats(int dim)
{
    /// <summary>Observations added so far.</summary>
    public long Count { get; private set; }
    private readonly double[] _sum = new double[dim];
    private readonly double[] _sumSq = new double[dim];

    /// <summary>Copies of the running sums (for checkpoints).</summary>
    public (long Count, double[] Sum, double[] SumOfSquares) Snapshot() => (Count, (double[])_sum.Clone(), (double[])_sumSq.Clone());

    /// <summary>Replaces the running sums with a <see cref="Snapshot"/>.</summary>
    public void Restore(long count, double[] sums, double[] sumsOfSquares)
    {
        if (sums.Length != _sum.Length || sumsOfSquares.Length != _sum.Length)
            throw new ArgumentException($"ObservationStats: restoring {sums.Length}/{sumsOfSquares.Length} sums into {_sum.Length} dimensions");
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "a count cannot be negative");
        Count = count;
        sums.CopyTo(_sum, 0);
        sumsOfSquares.CopyTo(_sumSq, 0);
    }

    /// <summary>Adds one observation, <c>[dim]</c>, to the sums.</summary>
    public void Add(ReadOnlySpan<double> observation)
    {
        for (var j = 0; j < _sum.Length; j++)
        {
            _sum[j] += observation[j];
            _sumSq[j] += observation[j] * observation[j];
        }
        Count++;
    }

    /// <summary>Adds another accumulator's sums and count to these (merge in a fixed order for bit-exact results).</summary>
    public void Merge(ObservationStats other)
    {
        for (var j = 0; j < _sum.Length; j++)
        {
            _sum[j] += other._sum[j];
            _sumSq[j] += other._sumSq[j];
        }
        Count += other.Count;
    }

    /// <summary>Mean and standard deviation; dimensions that barely vary keep σ = 1 so they are not blown up.</summary>
    public (double[] Mean, double[] Std) MeanStd()
    {
        var mean = new double[_sum.Length];
        var std = new double[_sum.Length];
        for (var j = 0; j < _sum.Length; j++)
        {
            mean[j] = Count > 0 ? _sum[j] / Count : 0;
            var variance = Count > 1 ? Math.Max(0, _sumSq[j] / Count - mean[j] * mean[j]) : 1;
            std[j] = variance < 1e-8 ? 1.0 : Math.Sqrt(variance);
        }
        return (mean, std);
    }
}
