namespace Engine.RL;

/// <summary>
/// A frozen copy of a PPO actor for running outside training (datasets, evaluation, many threads at once):
/// the observation normaliser, the tanh MLP's weights and σ = exp(logstd), all in float64.
/// a = clip(μ(normalise(o)) [+ σ·ε], −1, 1); ε ~ N(0, I) only when a generator is given.
/// </summary>
public sealed class GaussianPolicy
{
    private readonly double[][] _weights; // layer l: [out_l, in_l] row-major
    private readonly double[][] _biases;  // layer l: [out_l]

    /// <summary>A policy from saved parts (all arrays are copied).</summary>
    /// <param name="observationStats">The observation normaliser the actor was trained with (copied).</param>
    /// <param name="weights">Per layer l, the weight matrix <c>[out_l, in_l]</c> row-major; tanh follows every layer but the last.</param>
    /// <param name="biases">Per layer l, the bias <c>[out_l]</c>.</param>
    /// <param name="std">σ per action dimension, <c>[A]</c> (not its logarithm).</param>
    /// <param name="clipObservation">Normalised observations are clipped to ±this value (PPO's default 10).</param>
    /// <exception cref="ArgumentException">The layer shapes do not chain from the normaliser's size to <c>std.Length</c>.</exception>
    public GaussianPolicy(RunningMeanStd observationStats, double[][] weights, double[][] biases, double[] std, double clipObservation = 10)
    {
        if (weights.Length == 0 || weights.Length != biases.Length)
            throw new ArgumentException("GaussianPolicy: one weight matrix and one bias per layer");
        int width = observationStats.Dim;
        for (int l = 0; l < weights.Length; l++)
        {
            if (biases[l].Length == 0 || weights[l].Length != biases[l].Length * width)
                throw new ArgumentException($"GaussianPolicy: layer {l} has {weights[l].Length} weights for {biases[l].Length} outputs and {width} inputs");
            width = biases[l].Length;
        }
        if (std.Length != width) throw new ArgumentException($"GaussianPolicy: {std.Length} standard deviations for {width} actions");
        ObservationStats = observationStats.Clone();
        _weights = weights.Select(w => (double[])w.Clone()).ToArray();
        _biases = biases.Select(b => (double[])b.Clone()).ToArray();
        Std = (double[])std.Clone();
        ClipObservation = clipObservation;
    }

    /// <summary>The frozen observation normaliser, applied before the first layer.</summary>
    public RunningMeanStd ObservationStats { get; }
    /// <summary>σ per action dimension, <c>[A]</c>, the scale of the exploration noise.</summary>
    public double[] Std { get; }
    /// <summary>Bound of the normalised observation, which is clipped to [−ClipObservation, ClipObservation].</summary>
    public double ClipObservation { get; }
    /// <summary>Observation size O.</summary>
    public int ObservationDim => ObservationStats.Dim;
    /// <summary>Action size A.</summary>
    public int ActionDim => Std.Length;

    /// <summary>Freezes the current actor of <paramref name="model"/> with the given normaliser.</summary>
    public static GaussianPolicy From(GaussianActorCritic model, RunningMeanStd observationStats)
    {
        var linears = Enumerable.Range(0, model.ActorMean.Count).Select(i => model.ActorMean[i]).OfType<Linear>().ToArray();
        return new GaussianPolicy(observationStats,
            linears.Select(l => l.Weight.Value.Cast(DType.Float64).ToArrayDouble()).ToArray(),
            linears.Select(l => l.Bias!.Value.Cast(DType.Float64).ToArrayDouble()).ToArray(),
            model.LogStd.Value.Cast(DType.Float64).ToArrayDouble().Select(Math.Exp).ToArray());
    }

    /// <summary>Layer weights and biases, for saving (copies).</summary>
    public (double[][] Weights, double[][] Biases) Layers =>
        (_weights.Select(w => (double[])w.Clone()).ToArray(), _biases.Select(b => (double[])b.Clone()).ToArray());

    /// <summary>Writes the action for <paramref name="observation"/>; samples around the mean when <paramref name="noise"/> is given.</summary>
    public void Act(ReadOnlySpan<double> observation, Span<double> action, Rng? noise = null)
    {
        var x = new double[ObservationDim];
        ObservationStats.Normalize(observation, x, ClipObservation);
        for (int l = 0; l < _weights.Length; l++)
        {
            var w = _weights[l];
            var b = _biases[l];
            var y = new double[b.Length];
            int width = x.Length;
            for (int o = 0; o < y.Length; o++)
            {
                double sum = b[o];
                for (int i = 0; i < width; i++) sum += w[o * width + i] * x[i];
                y[o] = l < _weights.Length - 1 ? Math.Tanh(sum) : sum;
            }
            x = y;
        }
        for (int i = 0; i < ActionDim; i++)
        {
            double a = x[i];
            if (noise is not null) a += Std[i] * noise.Normal();
            action[i] = Math.Clamp(a, -1, 1);
        }
    }
}
