using System.Text.Json;
using Engine.Experiments.Maze2D;

namespace Engine.Cli.Tests;

/// <summary>`engine maze2d` sweeps on the command line: maze lists, seed roles, shards and `maze2d report`.</summary>
[Collection("console")]
public sealed class Maze2DSweepCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("engine-sweep-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Maze2DConfig Tiny => TinyMazeRun.Config;

    [Fact]
    public void Two_shards_merge_into_one_report_and_bad_merges_are_one_line_errors()
    {
        string config = Path.Combine(_dir, "tiny.json");
        File.WriteAllText(config, Tiny.ToJson());
        string s1 = Path.Combine(_dir, "s1"), s2 = Path.Combine(_dir, "s2"), merged = Path.Combine(_dir, "merged");
        foreach (var (shard, folder) in new[] { ("1/2", s1), ("2/2", s2) })
        {
            var (code, output, err) = EngineRunner.Run("maze2d", "--config", config, "--seeds", "0,100", "--shard", shard, "--out", folder);
            Assert.True(code == 0, err);
            Assert.Contains($"shard {shard}: 1 of the sweep's 2 runs", output);
        }
        var (ok, text, okErr) = EngineRunner.Run("maze2d", "report", s1, s2, "--out", merged);
        Assert.True(ok == 0, okErr);
        Assert.Contains("test seeds: nearest-goal accuracy", text);
        Assert.Contains("validation seeds (not in the headline)", text);
        string md = File.ReadAllText(Path.Combine(merged, "report.md"));
        Assert.Contains("| umaze | 2 | 0 |", md);
        Assert.Contains("| umaze | 2 | 100 (validation) |", md);
        Assert.Contains("../s2/goal2/seed100/heatmap.png", md); // links point into the shard folders

        var (partial, partialText, _) = EngineRunner.Run("maze2d", "report", s1, "--out", Path.Combine(_dir, "partial"));
        Assert.Equal(0, partial);
        Assert.Contains("1 planned run(s) have no result yet", partialText);

        var (c1, _, e1) = EngineRunner.Run("maze2d", "report", s1, s1, "--out", merged);
        EngineRunner.AssertOneErrorLine(c1, e1, "shard given twice");
        var (c2, _, e2) = EngineRunner.Run("maze2d", "report", s1, "--out", s1);
        EngineRunner.AssertOneErrorLine(c2, e2, "(--out): is one of the shard folders");
        var (c3, _, e3) = EngineRunner.Run("maze2d", "report", Path.Combine(_dir, "none"), "--out", merged);
        EngineRunner.AssertOneErrorLine(c3, e3, $"shard folder not found ('{Path.Combine(_dir, "none")}')");
        var (c4, _, e4) = EngineRunner.Run("maze2d", "report", _dir, "--out", merged);
        EngineRunner.AssertOneErrorLine(c4, e4, $"not a maze2d run folder ('{_dir}')");
    }

    [Fact]
    public void Seed_roles_maze_lists_and_the_paper_preset_resolve_as_documented()
    {
        var (code, output, err) = EngineRunner.Run("maze2d", "--seeds", "validation", "--print-config");
        Assert.True(code == 0, err);
        Assert.Equal([100, 101], JsonDocument.Parse(output).RootElement.GetProperty("seeds").EnumerateArray().Select(e => e.GetInt32()));

        (code, output, err) = EngineRunner.Run("maze2d", "--maze", "large,open", "--seeds", "test", "--data-size", "10k", "--print-config");
        Assert.True(code == 0, err);
        var configs = JsonDocument.Parse(output).RootElement.EnumerateArray().ToList();
        Assert.Equal(["open", "large"], configs.Select(c => c.GetProperty("maze").GetString())); // the paper's maze order
        Assert.All(configs, c => Assert.Equal(10_000, c.GetProperty("data").GetProperty("baseSize").GetInt64()));
        Assert.All(configs, c => Assert.Equal(5, c.GetProperty("seeds").GetArrayLength()));

        (code, output, err) = EngineRunner.Run("maze2d", "--preset", "paper", "--maze", "all", "--print-config");
        Assert.True(code == 0, err);
        var paper = JsonDocument.Parse(output).RootElement.EnumerateArray().ToList();
        Assert.Equal(4, paper.Count);
        Assert.Equal(1, paper[3].GetProperty("reward").GetProperty("perGoal").GetProperty("7").GetProperty("windowHorizon").GetInt32()); // large goal 7: h = 1

        // --window applies to every goal, the per-goal windows of the preset included.
        (code, output, err) = EngineRunner.Run("maze2d", "--preset", "paper", "--maze", "umaze", "--window", "8", "--print-config");
        Assert.True(code == 0, err);
        var w = JsonDocument.Parse(output).RootElement.GetProperty("reward");
        Assert.Equal(8, w.GetProperty("windowHorizon").GetInt32());
        Assert.All(w.GetProperty("perGoal").EnumerateObject(), g => Assert.Equal(JsonValueKind.Null, g.Value.GetProperty("windowHorizon").ValueKind));
    }

    [Theory]
    [InlineData("invalid value '5/4' (--shard): needs 1 ≤ k ≤ n", "--shard", "5/4")]
    [InlineData("invalid value 'half' (--shard): must be k/n", "--shard", "half")]
    [InlineData("invalid value '0' (--data-size)", "--data-size", "0")]
    [InlineData("invalid value 'umaze,umaze' (--maze): a maze is listed twice", "--maze", "umaze,umaze")]
    [InlineData("invalid value 'some' (--seeds): must be test, validation or a comma-separated list", "--seeds", "some")]
    public void Bad_sweep_options_are_one_line_errors(string expected, params string[] args)
    {
        var (code, output, err) = EngineRunner.Run(["maze2d", .. args, "--print-config"]);
        EngineRunner.AssertOneErrorLine(code, err, expected);
        Assert.Equal("", output);
    }
}
