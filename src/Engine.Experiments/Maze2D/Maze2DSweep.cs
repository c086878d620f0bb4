using System.Diagnostics;
using System.Text.Json;
using Engine.IO;
using Engine.NN;

namespace Engine.Experiments.Maze2D;

/// <summary>One run of a sweep: a goal of a maze under one run seed.</summary>
public readonly record struct SweepUnit(string Maze, MazeGoal Goal, int Seed)
{
    public override string ToString() => $"{Maze} {Goal.Label} seed {Seed}";
}

/// <summary>
/// Shard <see cref="Index"/> of <see cref="Count"/> (1-based, written k/n). Of a sweep's N runs in canonical order
/// (maze in the paper's order, seed, goal), run i belongs to shard ⌊i·n/N⌋ + 1: contiguous blocks, so the runs
/// of one maze and seed — which share a base dataset and base model — mostly stay in one shard.
/// </summary>
public readonly record struct ShardSpec(int Index, int Count)
{
    public static readonly ShardSpec Whole = new(1, 1);

    /// <summary>Parses "k/n" with 1 ≤ k ≤ n; anything else is a <see cref="FormatException"/> saying what is expected.</summary>
    public static ShardSpec Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int k)
            || !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n))
            throw new FormatException("must be k/n, e.g. 2/4");
        if (n < 1 || k < 1 || k > n) throw new FormatException($"needs 1 ≤ k ≤ n, got {k}/{n}");
        return new ShardSpec(k, n);
    }

    /// <summary>The shard (1…Count) of run <paramref name="i"/> of <paramref name="total"/>.</summary>
    public int ShardOf(int i, int total) => (int)((long)i * Count / total) + 1;

    public override string ToString() => $"{Index}/{Count}";
}

/// <summary>
/// A sweep over mazes × goals × seeds — one <see cref="Maze2DConfig"/> per maze — or one shard of it. Each shard
/// runs in its own folder and writes its own results; <see cref="Merge"/> joins shard folders into one summary.
/// Folder layout: <c>sweep.json</c> (the definition and the shard, with a SHA-256 sidecar); one maze's run folder
/// (<see cref="Maze2DExperiment"/>) at the folder itself when the sweep has one maze, else under <c>&lt;maze&gt;/</c>;
/// <c>report.md</c> / <c>report.json</c> over the shard's runs. A rerun resumes from the checkpoints.
/// </summary>
public sealed class Maze2DSweep
{
    public const string FileName = "sweep.json";
    private const string Format = "engine-maze2d-sweep/1";

    public Maze2DSweep(IEnumerable<Maze2DConfig> configs, ShardSpec shard)
    {
        Configs = configs.Select(c => c.Validated()).OrderBy(c => Maze2DSummary.MazeIndex(c.Maze)).ToList();
        if (Configs.Count == 0) throw new ArgumentException("sweep: give at least one maze");
        if (Configs.Select(c => c.Maze).Distinct().Count() != Configs.Count) throw new ArgumentException("sweep: a maze is listed twice");
        Shard = shard;
        Units = [.. Configs.SelectMany(c => Maze2DExperiment.Units(c).Select(u => new SweepUnit(c.Maze, u.Goal, u.Seed)))];
        ShardUnits = [.. Units.Where((_, i) => shard.ShardOf(i, Units.Count) == shard.Index)];
    }

    /// <summary>One configuration per maze, in the paper's maze order.</summary>
    public IReadOnlyList<Maze2DConfig> Configs { get; }

    public ShardSpec Shard { get; }

    /// <summary>Every run of the sweep in canonical order (maze, seed, goal).</summary>
    public IReadOnlyList<SweepUnit> Units { get; }

    /// <summary>The runs of this shard.</summary>
    public IReadOnlyList<SweepUnit> ShardUnits { get; }

    /// <summary>Where a maze's run folder lies under a sweep folder: the folder itself for a one-maze sweep, else <c>&lt;maze&gt;/</c>.</summary>
    public string MazeFolder(string root, string maze) => Configs.Count == 1 ? root : Path.Combine(root, maze);

    /// <summary>Runs this shard's runs into <paramref name="outDir"/> and writes its report; returns its summary.</summary>
    /// <param name="outDir">The shard's folder.</param>
    /// <param name="progress">Stage progress.</param>
    /// <param name="cancel">Stops between steps.</param>
    /// <param name="exchange">The processes that share each training step (data-parallel); default: this process alone.</param>
    public Maze2DSummary Run(string outDir, IExperimentProgress? progress = null, CancellationToken cancel = default, IGradientExchange? exchange = null)
    {
        progress ??= SilentProgress.Instance;
        outDir = Path.GetFullPath(outDir);
        Directory.CreateDirectory(outDir);
        string file = Path.Combine(outDir, FileName);
        DurableFile.WriteAllText(file, JsonSerializer.Serialize(new SweepFile(Format, Shard.ToString(), [.. Configs], [.. ShardUnits]), Maze2DResults.Json));
        HashSidecar.Write(file);
        var clock = Stopwatch.StartNew();
        var runs = new List<GoalRunResult>();
        var seconds = new Dictionary<string, double>();
        var losses = new Dictionary<string, double>();
        var episodes = new Dictionary<string, int[]>();
        var curves = new Dictionary<string, LossCurve>();
        var heatmaps = new Dictionary<(string, MazeGoal, int), string>();
        string machine = "";
        foreach (var c in Configs)
        {
            var units = ShardUnits.Where(u => u.Maze == c.Maze).Select(u => (u.Goal, u.Seed)).ToList();
            if (units.Count == 0) continue;
            string folder = MazeFolder(outDir, c.Maze);
            var experiment = new Maze2DExperiment(c, folder, progress, exchange);
            // A one-maze sweep's folder is the maze's run folder: the summary below is its report.
            var results = experiment.Run(units, writeReport: Configs.Count > 1, cancel);
            runs.AddRange(results.Runs);
            string prefix = Configs.Count > 1 ? c.Maze + " " : "";
            foreach (var (k, v) in results.StageSeconds) seconds[prefix + k] = v;
            foreach (var (k, v) in results.DiffusionFinalLoss) losses[prefix + k] = v;
            foreach (var (k, v) in results.Episodes) episodes[prefix + k] = v;
            foreach (var (k, v) in experiment.Curves) curves[prefix + k] = v;
            foreach (var r in results.Runs) heatmaps[(r.Maze, r.Goal, r.Seed)] = Path.Combine(folder, r.Heatmap);
            machine = results.Machine;
        }
        var summary = Maze2DSummary.Of(Configs, runs) with
        {
            Sources = Shard == ShardSpec.Whole ? [] : [$"shard {Shard} of the sweep: {ShardUnits.Count} of {Units.Count} runs"],
            StageSeconds = seconds,
            DiffusionFinalLoss = losses,
            Episodes = episodes,
            WallSeconds = Math.Round(clock.Elapsed.TotalSeconds, 1),
            Machine = machine,
            HeatmapFiles = heatmaps,
        };
        Maze2DReport.Write(summary, curves, outDir);
        return summary;
    }

    /// <summary>What <c>sweep.json</c> holds: the whole sweep's definition, which shard this folder is, and its runs.</summary>
    private sealed record SweepFile(string Format, string Shard, List<Maze2DConfig> Configs, List<SweepUnit> Units);

    /// <summary>
    /// Joins the results of shard folders of one sweep (any subset of its shards; a whole run is shard 1/1) into one
    /// summary. Runs not found — unfinished, or in shards not given — are listed as missing. A folder that is not a
    /// sweep folder, belongs to another sweep, repeats a shard, or holds a damaged or foreign result is refused with
    /// an <see cref="InputException"/> naming the file.
    /// </summary>
    public static Maze2DSummary Merge(IReadOnlyList<string> folders)
    {
        if (folders.Count == 0) throw new ArgumentException("merge: give at least one shard folder");
        Maze2DSweep? sweep = null;
        string first = "";
        var seen = new Dictionary<int, string>();
        var runs = new List<GoalRunResult>();
        var found = new HashSet<SweepUnit>();
        var heatmaps = new Dictionary<(string, MazeGoal, int), string>();
        var sources = new List<string>();
        foreach (var folder in folders.Select(Path.GetFullPath))
        {
            string file = Path.Combine(folder, FileName);
            var shard = ReadShard(folder, file);
            if (sweep is null) { sweep = shard; first = file; }
            else if (Definition(shard) != Definition(sweep) || shard.Shard.Count != sweep.Shard.Count)
                throw new InputException("foreign shard", InputException.Location(file), $"it belongs to another sweep than '{first}' ({Difference(shard, sweep)}); merge shards of one sweep only");
            if (seen.TryGetValue(shard.Shard.Index, out var other))
                throw new InputException("shard given twice", InputException.Location(file), $"shard {shard.Shard} is also '{other}'");
            seen[shard.Shard.Index] = file;
            foreach (var u in shard.ShardUnits)
            {
                string mazeFolder = shard.MazeFolder(folder, u.Maze);
                string path = Path.Combine(Maze2DExperiment.RunFolder(mazeFolder, u.Goal, u.Seed), "result.json");
                if (!File.Exists(path)) continue; // unfinished: listed as missing
                var r = ReadResult(path, u);
                runs.Add(r);
                found.Add(u);
                heatmaps[(u.Maze, u.Goal, u.Seed)] = Path.Combine(mazeFolder, r.Heatmap);
            }
            sources.Add($"shard {shard.Shard}: {folder}{WallTime(folder)}");
        }
        return Maze2DSummary.Of(sweep!.Configs, runs) with
        {
            Missing = [.. sweep.Units.Where(u => !found.Contains(u)).Select(u => u.ToString())],
            Sources = sources,
            HeatmapFiles = heatmaps,
        };
    }

    private static Maze2DSweep ReadShard(string folder, string file)
    {
        if (!Directory.Exists(folder)) throw new InputException("shard folder not found", InputException.Location(folder), "it does not exist");
        if (!File.Exists(file)) throw new InputException("not a maze2d run folder", InputException.Location(folder), $"it has no {FileName}");
        Verified(file, "shard file");
        SweepFile? f;
        try { f = JsonSerializer.Deserialize<SweepFile>(File.ReadAllText(file), Maze2DResults.Json); }
        catch (JsonException e) { throw new InputException("corrupt shard file", InputException.Location(file), $"{e.Message}", e); }
        if (f is null || f.Format != Format)
            throw new InputException("corrupt shard file", InputException.Location(file), $"format '{f?.Format}', expected '{Format}'");
        ShardSpec spec;
        Maze2DSweep sweep;
        try
        {
            spec = ShardSpec.Parse(f.Shard);
            sweep = new Maze2DSweep(f.Configs, spec);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new InputException("corrupt shard file", InputException.Location(file), $"{e.Message}", e);
        }
        if (!sweep.ShardUnits.SequenceEqual(f.Units))
            throw new InputException("corrupt shard file", InputException.Location(file), $"its runs are not those of shard {spec} of its sweep");
        return sweep;
    }

    private static GoalRunResult ReadResult(string path, SweepUnit unit)
    {
        Verified(path, "shard result");
        GoalRunResult? r;
        try { r = JsonSerializer.Deserialize<GoalRunResult>(File.ReadAllText(path), Maze2DResults.Json); }
        catch (JsonException e) { throw new InputException("corrupt shard result", InputException.Location(path), $"{e.Message}", e); }
        if (r is null || r.Maze != unit.Maze || r.Goal != unit.Goal || r.Seed != unit.Seed)
            throw new InputException("foreign shard result", InputException.Location(path), $"it is {r?.Maze} {r?.Goal.Label} seed {r?.Seed}, the folder's place is {unit}");
        return r;
    }

    /// <summary>The file must match its SHA-256 sidecar; a missing sidecar counts as damage (both are written by the run).</summary>
    private static void Verified(string path, string what)
    {
        string? recorded;
        try { recorded = HashSidecar.Read(path); }
        catch (Exception e) when (e is InvalidDataException or InputException) { throw new InputException($"corrupt {what}", InputException.Location(path), $"{e.Message}", e); }
        if (recorded is null)
            throw new InputException($"corrupt {what}", InputException.Location(path), $"no {HashSidecar.Extension} sidecar; rerun the shard to rewrite it");
        if (recorded != ContentHash.Sha256(path))
            throw new InputException($"corrupt {what}", InputException.Location(path), $"its SHA-256 differs from its sidecar's; rerun the shard to rewrite it");
    }

    private static string Definition(Maze2DSweep s) => JsonSerializer.Serialize(s.Configs, Maze2DResults.Json);

    private static string Difference(Maze2DSweep a, Maze2DSweep b)
    {
        if (a.Shard.Count != b.Shard.Count) return $"{a.Shard.Count} shards, not {b.Shard.Count}";
        var am = a.Configs.Select(c => c.Maze).ToList();
        var bm = b.Configs.Select(c => c.Maze).ToList();
        if (!am.SequenceEqual(bm)) return $"mazes {string.Join(",", am)}, not {string.Join(",", bm)}";
        var differing = a.Configs.Zip(b.Configs).First(p => JsonSerializer.Serialize(p.First, Maze2DResults.Json) != JsonSerializer.Serialize(p.Second, Maze2DResults.Json));
        return $"other settings for {differing.First.Maze}";
    }

    /// <summary>", 1234 s" from a shard's report.json when it has finished; "" otherwise.</summary>
    private static string WallTime(string folder)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "report.json")));
            return doc.RootElement.TryGetProperty("wallSeconds", out var w) && w.ValueKind == JsonValueKind.Number ? $", {w.GetDouble():F0} s" : "";
        }
        catch (Exception e) when (e is IOException or JsonException) { return ""; }
    }
}
