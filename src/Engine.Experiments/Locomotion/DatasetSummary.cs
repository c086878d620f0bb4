using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Engine.Envs.MuJoCo.Data;
using Engine.Envs.MuJoCo.Locomotion;
using Engine.Plot;

namespace Engine.Experiments.Locomotion;

/// <summary>Where a dataset's episodes came from: a description and the learner iterations involved.</summary>
public sealed record DatasetSource(string Description, int FirstIteration, int LastIteration, double SelectionScore);

/// <summary>Mean, standard deviation, minimum and maximum of a sample.</summary>
public sealed record Stats(double Mean, double Std, double Min, double Max)
{
    public static Stats Of(IReadOnlyList<double> v)
    {
        double mean = v.Average();
        double std = v.Count > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Count - 1)) : 0;
        return new Stats(mean, std, v.Min(), v.Max());
    }
}

/// <summary>
/// The summary written beside each dataset file (<c>.json</c>): sizes, the D4RL-normalised score of every episode
/// summarised and binned (10-point bins from −10 to 130, outliers in the end bins), the source, the time taken,
/// the fingerprint of the plan that made it, and the data file's SHA-256 (a cache hit requires the same fingerprint
/// and a data file that still has that hash and matches its <c>.sha256</c> sidecar).
/// </summary>
/// <param name="Sha256">The data file's SHA-256 when it was written; null in summaries written before it was recorded.</param>
public sealed record DatasetSummary(
    string Env, string Dataset, string File, string Learner, DatasetSource Source,
    int Episodes, long Transitions, int RejectedEpisodes, int Terminated,
    Stats Return, Stats NormalizedScore, double[] Scores, int[] Histogram,
    double CollectionSeconds, double LearnerSeconds, string Fingerprint, string? Sha256 = null)
{
    public const double HistogramLow = -10, HistogramHigh = 130;
    public const int HistogramBins = 14;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static DatasetSummary From(LocomotionTask task, LocomotionDatasetKind kind, string file, string learner, DatasetSource source,
        IReadOnlyList<Episode> episodes, int rejected, double seconds, double learnerSeconds, string fingerprint, string sha256)
    {
        var scores = episodes.Select(e => task.NormalizedScore(e.Return)).ToArray();
        var chart = new HistogramChart(HistogramLow, HistogramHigh, HistogramBins);
        return new DatasetSummary(task.Name, kind.ToString().ToLowerInvariant(), file, learner, source,
            episodes.Count, episodes.Sum(e => (long)e.Length), rejected, episodes.Count(e => e.Terminated),
            Stats.Of(episodes.Select(e => e.Return).ToArray()), Stats.Of(scores), scores, chart.Count(scores),
            seconds, learnerSeconds, fingerprint, sha256);
    }

    /// <summary>The summary at <paramref name="jsonPath"/> when it and its data file exist and it has this fingerprint; else null.</summary>
    public static DatasetSummary? TryReadCached(string jsonPath, string dataPath, string fingerprint)
    {
        if (!System.IO.File.Exists(jsonPath) || !System.IO.File.Exists(dataPath)) return null;
        try
        {
            var s = JsonSerializer.Deserialize<DatasetSummary>(System.IO.File.ReadAllBytes(jsonPath), Json);
            return s is not null && s.Fingerprint == fingerprint ? s : null;
        }
        catch (JsonException) { return null; }
    }

    /// <summary>
    /// Why the data file at <paramref name="dataPath"/> is not the one this summary describes: its content differs from
    /// its sidecar, or from the hash recorded here; null when neither is the case. A file without a sidecar (made before
    /// sidecars existed) is judged by the recorded hash alone, and passes when there is none.
    /// </summary>
    public string? DataMismatch(string dataPath)
    {
        string actual;
        try { actual = Engine.IO.HashSidecar.Verify(dataPath); }
        catch (Engine.IO.InputException e) { return e.Message; }
        return Sha256 is not null && Sha256 != actual
            ? $"data file changed ('{dataPath}'): its SHA-256 is {Engine.IO.ContentHash.Short(actual)}, its summary records {Engine.IO.ContentHash.Short(Sha256)}"
            : null;
    }

    public void Save(string path) => Engine.IO.DurableFile.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    public void SaveHistogram(string path)
    {
        var chart = new HistogramChart(HistogramLow, HistogramHigh, HistogramBins)
        {
            Title = $"{Env} {Dataset}: {Episodes} episodes, {Transitions} transitions, mean {NormalizedScore.Mean:F1}",
            XLabel = "D4RL-normalised episode score",
        };
        chart.Add(Dataset, Scores).SavePngAndSvg(path);
    }

    public string OneLine() => string.Create(CultureInfo.InvariantCulture,
        $"{File}: {Episodes} episodes, {Transitions} transitions, normalised score {NormalizedScore.Mean:F1} ± {NormalizedScore.Std:F1} (min {NormalizedScore.Min:F1}, max {NormalizedScore.Max:F1}), {CollectionSeconds:F0} s");
}
