using System.Globalization;
using System.Text.Json.Serialization;

namespace Engine.Experiments.Maze2D;

/// <summary>An accuracy over a set of runs: successes of trials, its 95 % Wilson interval, and the chance level of the same runs.</summary>
/// <param name="Chance">The mean over the runs of each run's chance level: what a uniformly random free-space maximum would score on them.</param>
public sealed record AccuracySummary(int Successes, int Trials, double Estimate, double Low, double High, double Chance)
{
    public static AccuracySummary Of(IReadOnlyList<GoalRunResult> runs, Func<GoalRunResult, bool> hit, Func<GoalRunResult, double> chance)
    {
        int k = runs.Count(hit);
        var (low, high) = WilsonInterval.Of(k, runs.Count);
        return new AccuracySummary(k, runs.Count, runs.Count == 0 ? double.NaN : (double)k / runs.Count, low, high,
            runs.Count == 0 ? double.NaN : runs.Average(chance));
    }

    /// <summary>"47.50 % [32.09, 63.39] (19 / 40)".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{100 * Estimate:F2} % [{100 * Low:F2}, {100 * High:F2}] ({Successes} / {Trials})");
}

/// <summary>Mean held-out discriminability over a set of runs, its 95 % bootstrap interval over held-out episodes, and the range over runs.</summary>
public sealed record DiscriminabilitySummary(double Mean, double Low, double High, double Min, double Max)
{
    public static DiscriminabilitySummary Of(IReadOnlyList<GoalRunResult> runs)
    {
        if (runs.Count == 0) return new(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        var (low, high) = EpisodeBootstrap.Interval(runs.Select(r => r.HeldOut).ToList(), Maze2DSeeds.Bootstrap(runs.Select(r => (r.Maze, r.Goal, r.Seed))));
        return new(runs.Average(r => r.Discriminability), low, high, runs.Min(r => r.Discriminability), runs.Max(r => r.Discriminability));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{100 * Mean:F2} % [{100 * Low:F2}, {100 * High:F2}]");
}

/// <summary>The metrics of one group of runs ("all" mazes, or one maze).</summary>
public sealed record GroupSummary(string Name, int Runs, AccuracySummary NearestGoal, AccuracySummary WithinOneCell, DiscriminabilitySummary Discriminability);

/// <summary>
/// The summary of a set of maze runs — one maze's run, a multi-maze sweep, one shard of it, or shards merged:
/// per role (test seeds, validation seeds) the metrics over all mazes and per maze. The headline is the
/// nearest-goal accuracy over all mazes' test-seed runs. Built from the runs alone (in a canonical order), so
/// shards merged give the summary a serial run gives.
/// </summary>
public sealed record Maze2DSummary
{
    /// <summary>One configuration per maze, in the paper's maze order.</summary>
    public required IReadOnlyList<Maze2DConfig> Configs { get; init; }

    /// <summary>Runs ordered by maze (paper order), seed, goal.</summary>
    public required IReadOnlyList<GoalRunResult> Runs { get; init; }

    /// <summary>Test-seed groups: "all" first, then one per maze. Empty without test runs.</summary>
    public required IReadOnlyList<GroupSummary> Test { get; init; }

    /// <summary>The same over validation-seed runs; reported separately, never in the headline.</summary>
    public required IReadOnlyList<GroupSummary> Validation { get; init; }

    /// <summary>Planned runs that have no result ("umaze goal 3 seed 1"): unfinished, or in a shard not given.</summary>
    public IReadOnlyList<string> Missing { get; init; } = [];

    /// <summary>Where the numbers came from ("shard 2/4: runs/s2, 1234 s"), when merged.</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    public Dictionary<string, double> StageSeconds { get; init; } = [];
    public Dictionary<string, double> DiffusionFinalLoss { get; init; } = [];
    public Dictionary<string, int[]> Episodes { get; init; } = [];
    public double WallSeconds { get; init; } = double.NaN;
    public string Machine { get; init; } = "";

    /// <summary>Each run's heatmap PNG (absolute path), by (maze, goal, seed), for links in the report; not part of the JSON.</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<(string Maze, MazeGoal Goal, int Seed), string> HeatmapFiles { get; init; } = new Dictionary<(string, MazeGoal, int), string>();

    /// <summary>The headline: nearest-goal accuracy over all mazes' test-seed runs (null without test runs).</summary>
    public AccuracySummary? Headline => Test.Count > 0 ? Test[0].NearestGoal : null;

    public static readonly string[] MazeOrder = ["open", "umaze", "medium", "large"];

    public static int MazeIndex(string maze) => Array.IndexOf(MazeOrder, maze) is var i and >= 0 ? i : MazeOrder.Length;

    public static Maze2DSummary Of(IEnumerable<Maze2DConfig> configs, IEnumerable<GoalRunResult> runs)
    {
        var cs = configs.OrderBy(c => MazeIndex(c.Maze)).ToList();
        var ordered = runs.OrderBy(r => MazeIndex(r.Maze)).ThenBy(r => r.Seed).ThenBy(r => r.Goal).ToList();
        return new Maze2DSummary
        {
            Configs = cs,
            Runs = ordered,
            Test = Groups(ordered.Where(r => !r.Validation).ToList()),
            Validation = Groups(ordered.Where(r => r.Validation).ToList()),
        };
    }

    private static List<GroupSummary> Groups(List<GoalRunResult> runs)
    {
        if (runs.Count == 0) return [];
        var groups = new List<GroupSummary> { Group("all", runs) };
        foreach (var maze in runs.Select(r => r.Maze).Distinct())
            groups.Add(Group(maze, runs.Where(r => r.Maze == maze).ToList()));
        return groups;
    }

    private static GroupSummary Group(string name, List<GoalRunResult> runs) => new(name, runs.Count,
        AccuracySummary.Of(runs, r => r.NearestGoal, r => r.ChanceNearestGoal),
        AccuracySummary.Of(runs, r => r.Correct, r => r.ChanceWithinOneCell),
        DiscriminabilitySummary.Of(runs));
}
