using System.Text.Json;
using Engine.Experiments.Maze2D;
using Engine.IO;

namespace Engine.Experiments.Tests;

/// <summary>
/// A micro sweep (two mazes × one goal × a test and a validation seed), run serially once and in three shards;
/// each test works on its own copies of the folders.
/// </summary>
public sealed class MicroSweep : IDisposable
{
    public static readonly Maze2DConfig[] Configs =
    [
        Maze2DPipelineTests.Tiny with { Maze = "umaze", Seeds = [0, 100] },
        Maze2DPipelineTests.Tiny with { Maze = "open", Seeds = [0, 100] },
    ];

    public string Root { get; } = Directory.CreateTempSubdirectory("engine-sweep-").FullName;
    public string Serial => Path.Combine(Root, "serial");
    public string Shard(int k) => Path.Combine(Root, $"shard{k}");
    public Maze2DSummary SerialSummary { get; }

    public MicroSweep()
    {
        SerialSummary = new Maze2DSweep(Configs, ShardSpec.Whole).Run(Serial);
        for (int k = 1; k <= 3; k++) new Maze2DSweep(Configs, new ShardSpec(k, 3)).Run(Shard(k));
    }

    public void Dispose() => Directory.Delete(Root, true);
}

public sealed class Maze2DSweepTests(MicroSweep sweep) : IClassFixture<MicroSweep>
{
    private static string Json(object o) => JsonSerializer.Serialize(o, Maze2DResults.Json);

    [Fact]
    public void Shards_partition_the_sweep_in_contiguous_blocks()
    {
        var whole = new Maze2DSweep(MicroSweep.Configs, ShardSpec.Whole);
        Assert.Equal(["open goal 2 seed 0", "open goal 2 seed 100", "umaze goal 2 seed 0", "umaze goal 2 seed 100"], whole.Units.Select(u => u.ToString()));
        var shards = Enumerable.Range(1, 3).Select(k => new Maze2DSweep(MicroSweep.Configs, new ShardSpec(k, 3)).ShardUnits).ToList();
        Assert.Equal(whole.Units, shards.SelectMany(s => s));
        Assert.Equal([2, 1, 1], shards.Select(s => s.Count));
        foreach (var n in new[] { 1, 2, 5, 7 })
        {
            var owners = Enumerable.Range(0, 40).Select(i => new ShardSpec(1, n).ShardOf(i, 40)).ToList();
            Assert.Equal(owners.Order(), owners); // contiguous
            Assert.Equal(Enumerable.Range(1, n), owners.Distinct());
        }
    }

    [Fact]
    public void Merged_shards_equal_the_serial_run()
    {
        var merged = Maze2DSweep.Merge([sweep.Shard(3), sweep.Shard(1), sweep.Shard(2)]);
        var serial = sweep.SerialSummary;
        Assert.Equal(4, serial.Runs.Count);
        Assert.Equal(Json(serial.Runs), Json(merged.Runs));
        Assert.Equal(Json(serial.Test), Json(merged.Test));
        Assert.Equal(Json(serial.Validation), Json(merged.Validation));
        Assert.Equal(Json(serial.Configs), Json(merged.Configs));
        Assert.Empty(merged.Missing);
        // A serial folder is shard 1/1 of its sweep: merging it alone rereads the same summary.
        Assert.Equal(Json(serial.Runs), Json(Maze2DSweep.Merge([sweep.Serial]).Runs));
    }

    [Fact]
    public void Validation_seeds_stay_out_of_the_headline()
    {
        var s = sweep.SerialSummary;
        Assert.Equal(["all", "open", "umaze"], s.Test.Select(g => g.Name));
        Assert.Equal(2, s.Test[0].Runs);
        Assert.Equal(2, s.Validation[0].Runs);
        Assert.All(s.Runs, r => Assert.Equal(r.Seed >= 100, r.Validation));
        var test = s.Runs.Where(r => !r.Validation).ToList();
        Assert.Equal(test.Count(r => r.NearestGoal), s.Headline!.Successes);
        Assert.Equal(test.Average(r => r.ChanceNearestGoal), s.Headline.Chance, 12);
        Assert.Equal(test.Average(r => r.Discriminability), s.Test[0].Discriminability.Mean, 12);
        string md = File.ReadAllText(Path.Combine(sweep.Serial, "report.md"));
        Assert.Contains("## Validation seeds", md);
        Assert.Contains("(validation)", md);
    }

    [Fact]
    public void Every_run_reports_its_chance_levels_and_a_discriminability_interval()
    {
        foreach (var r in sweep.SerialSummary.Runs)
        {
            var (oneCell, nearest) = GoalCriteria.Chance(Engine.Envs.Maze2D.Maze2DTask.Named(r.Maze), r.Goal.Number);
            Assert.Equal((oneCell, nearest), (r.ChanceWithinOneCell, r.ChanceNearestGoal));
            Assert.Equal(r.Discriminability, r.HeldOut.BalancedAccuracy, 12); // the tallies are the windows that were scored
            Assert.InRange(r.Discriminability, r.DiscriminabilityLow, r.DiscriminabilityHigh);
            Assert.True(r.DiscriminabilityHigh - r.DiscriminabilityLow > 0);
        }
        // Per-maze folders of a multi-maze sweep carry their own report beside the summary.
        foreach (var maze in new[] { "umaze", "open" })
            Assert.True(File.Exists(Path.Combine(sweep.Serial, maze, "report.md")));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(sweep.Serial, "report.json")));
        Assert.True(json.RootElement.GetProperty("test")[0].GetProperty("nearestGoal").TryGetProperty("low", out _));
    }

    [Fact]
    public void Seeds_are_independent_replicates()
    {
        // Seed 100 has its own data and models: its files differ from seed 0's.
        string data = Path.Combine(sweep.Serial, "umaze", "data");
        var c = MicroSweep.Configs[0];
        Assert.NotEqual(ContentHash.Sha256(Maze2DData.BasePath(data, c, 0)), ContentHash.Sha256(Maze2DData.BasePath(data, c, 100)));
        Assert.NotEqual(ContentHash.Sha256(Maze2DData.ExpertPath(data, c, 2, 0)), ContentHash.Sha256(Maze2DData.ExpertPath(data, c, 2, 100)));
        string models = Path.Combine(sweep.Serial, "umaze", "models");
        Assert.NotEqual(ContentHash.Sha256(Path.Combine(models, "base-seed0.safetensors")), ContentHash.Sha256(Path.Combine(models, "base-seed100.safetensors")));
    }

    [Fact]
    public void A_partial_merge_lists_the_missing_runs_and_a_shard_resumes_to_the_same_results()
    {
        var partial = Maze2DSweep.Merge([sweep.Shard(1), sweep.Shard(2)]);
        Assert.Equal(["umaze goal 2 seed 100"], partial.Missing);
        Assert.Equal(3, partial.Runs.Count);

        string copy = RunFolderDamage.Copy(sweep.Shard(3));
        try
        {
            var log = new RunFolderDamage.Log();
            var again = new Maze2DSweep(MicroSweep.Configs, new ShardSpec(3, 3)).Run(copy, log);
            Assert.Contains(log.Lines, l => l.Contains("complete in"));
            Assert.Equal(Json(Maze2DSweep.Merge([sweep.Shard(3)]).Runs), Json(again.Runs));
        }
        finally { Directory.Delete(copy, true); }
    }

    [Fact]
    public void A_foreign_shard_is_refused_by_name()
    {
        string copy = RunFolderDamage.Copy(sweep.Shard(2));
        try
        {
            string file = Path.Combine(copy, Maze2DSweep.FileName);
            // Another sweep: one setting differs, the file is intact (its sidecar rewritten).
            File.WriteAllText(file, File.ReadAllText(file).Replace("\"trainSteps\": 12", "\"trainSteps\": 13"));
            HashSidecar.Write(file);
            var e = Assert.Throws<Engine.IO.InputException>(() => Maze2DSweep.Merge([sweep.Shard(1), copy]));
            Assert.StartsWith($"foreign shard ('{file}')", e.Message);
            Assert.DoesNotContain('\n', e.Message);
        }
        finally { Directory.Delete(copy, true); }

        var twice = Assert.Throws<Engine.IO.InputException>(() => Maze2DSweep.Merge([sweep.Shard(1), sweep.Shard(1)]));
        Assert.StartsWith("shard given twice", twice.Message);
        var whole = Assert.Throws<Engine.IO.InputException>(() => Maze2DSweep.Merge([sweep.Shard(1), sweep.Serial]));
        Assert.Contains("1 shards, not 3", whole.Message);
    }

    [Fact]
    public void A_corrupt_shard_result_or_file_is_refused_by_name()
    {
        string copy = RunFolderDamage.Copy(sweep.Shard(2));
        try
        {
            string result = Path.Combine(copy, "umaze", "goal2", "seed0", "result.json");
            RunFolderDamage.FlipBit(result);
            var e = Assert.Throws<Engine.IO.InputException>(() => Maze2DSweep.Merge([copy]));
            Assert.StartsWith($"corrupt shard result ('{result}')", e.Message);

            File.Delete(result + HashSidecar.Extension);
            Assert.StartsWith($"corrupt shard result ('{result}'): no .sha256 sidecar", Assert.Throws<Engine.IO.InputException>(() => Maze2DSweep.Merge([copy])).Message);

            string file = Path.Combine(copy, Maze2DSweep.FileName);
            File.WriteAllText(file, "{ \"format\": ");
            HashSidecar.Write(file);
            Assert.StartsWith($"corrupt shard file ('{file}')", Assert.Throws<Engine.IO.InputException>(() => Maze2DSweep.Merge([copy])).Message);
        }
        finally { Directory.Delete(copy, true); }

        string empty = Directory.CreateTempSubdirectory("engine-sweep-empty-").FullName;
        try
        {
            Assert.StartsWith($"not a maze2d run folder ('{empty}')", Assert.Throws<Engine.IO.InputException>(() => Maze2DSweep.Merge([empty])).Message);
        }
        finally { Directory.Delete(empty, true); }
    }
}
