using System.Text.Json.Serialization;
using MathNet.Numerics.Statistics;

namespace Engine.Experiments;

/// <summary>How many of one held-out episode's scored windows a classifier put on the right side.</summary>
public readonly record struct EpisodeTally(int Correct, int Windows);

/// <summary>
/// The held-out windows of one run's discriminability, grouped by the episode they were cut from: one tally per
/// held-out base episode and per held-out expert episode that contributed at least one window.
/// </summary>
public sealed record HeldOutTallies(EpisodeTally[] Base, EpisodeTally[] Expert)
{
    /// <summary>½·(Σ correct / Σ windows over base episodes + the same over expert episodes): the balanced accuracy of the pooled windows.</summary>
    [JsonIgnore]
    public double BalancedAccuracy => Rate(Base) / 2 + Rate(Expert) / 2;

    internal static double Rate(IEnumerable<EpisodeTally> tallies)
    {
        long c = 0, w = 0;
        foreach (var t in tallies) { c += t.Correct; w += t.Windows; }
        return w == 0 ? double.NaN : (double)c / w;
    }
}

/// <summary>
/// A percentile bootstrap over held-out episodes: windows of one episode are correlated, so the episode, not
/// the window, is the unit that is resampled. Each replicate draws, for every run and each class separately,
/// as many episodes as it has with replacement, recomputes every run's balanced accuracy and averages them over
/// runs; the interval is the (1 − level)/2 and 1 − (1 − level)/2 quantiles of the replicates (MathNet.Numerics).
/// Runs are resampled independently of each other, so the interval covers the sampling of held-out episodes,
/// not the variation between seeds. Same seed and runs (in the same order), same interval.
/// </summary>
public static class EpisodeBootstrap
{
    public const int DefaultReplicates = 2000;

    /// <summary>(low, high) of the mean balanced accuracy over <paramref name="runs"/>; (NaN, NaN) when there are none.</summary>
    public static (double Low, double High) Interval(IReadOnlyList<HeldOutTallies> runs, ulong seed, int replicates = DefaultReplicates, double level = 0.95)
    {
        if (replicates < 2) throw new ArgumentException($"EpisodeBootstrap: {replicates} replicates; give at least 2");
        if (level is <= 0 or >= 1) throw new ArgumentException($"EpisodeBootstrap: level {level} must be in (0, 1)");
        if (runs.Count == 0) return (double.NaN, double.NaN);
        foreach (var r in runs)
            if (r.Base.Length == 0 || r.Expert.Length == 0) throw new ArgumentException("EpisodeBootstrap: a run without held-out episodes of one class");
        var g = new Generator(seed);
        var values = new double[replicates];
        for (int b = 0; b < replicates; b++)
        {
            double sum = 0;
            foreach (var r in runs) sum += Resampled(r.Base, g) / 2 + Resampled(r.Expert, g) / 2;
            values[b] = sum / runs.Count;
        }
        Array.Sort(values);
        double tail = (1 - level) / 2;
        return (SortedArrayStatistics.Quantile(values, tail), SortedArrayStatistics.Quantile(values, 1 - tail));
    }

    private static double Resampled(EpisodeTally[] episodes, Generator g)
    {
        long c = 0, w = 0;
        for (int i = 0; i < episodes.Length; i++)
        {
            var e = episodes[(int)g.NextInt(episodes.Length)];
            c += e.Correct;
            w += e.Windows;
        }
        return (double)c / w;
    }
}
