using System.Text.Json;
using Engine.Experiments.Maze2D;
using Engine.NN;

namespace Engine.Experiments.Tests;

/// <summary>The whole maze experiment on a reduced budget, and the promises of its runner (resume, errors).</summary>
public class Maze2DPipelineTests
{
    /// <summary>
    /// The README's default run (umaze, goal 1, seed 0) without the discriminator baseline and the steering
    /// check, which do not touch the reward or its heatmap: its streams are named per stage, so the reward and the
    /// heatmap are those of `engine maze2d`. It has to find the goal: the maximum of the smoothed reward heatmap
    /// lies within one cell of goal 1 and nearest to it of umaze's eight goals.
    /// </summary>
    /// <remarks>
    /// Until issue 16 this test ran a cheaper budget (40k transitions, 400 diffusion and 600 reward steps) on the
    /// shared data seed; with independent seeds that budget missed the goal on seeds 0, 1 and 2, so the test now
    /// holds the default itself to its promise.
    /// </remarks>
    internal static Maze2DConfig DefaultWithoutBaselines => new Maze2DConfig() with
    {
        Discriminator = new Maze2DConfig.DiscriminatorSettings { Enabled = false },
        Evaluation = new Maze2DConfig.EvaluationSettings { SteeringSamples = 0 },
    };

    /// <summary>A run of seconds: tiny models and few steps; nothing is asserted about its quality.</summary>
    internal static Maze2DConfig Tiny => new()
    {
        Maze = "umaze",
        Goals = [2],
        Data = new Maze2DConfig.DataSettings { BaseSize = 3000, ExpertSize = 3000 },
        Diffusion = new Maze2DConfig.DiffusionSettings { Horizon = 16, Steps = 5, Dim = 8, DimMults = [1, 2], BatchSize = 8, TrainSteps = 12, StepStartEma = 4, UpdateEmaEvery = 2 },
        Reward = new Maze2DConfig.RewardSettings { WindowHorizon = 4, DimMults = [4], BatchSize = 16, TrainSteps = 12, PairPool = 64, StepStartEma = 4, UpdateEmaEvery = 2 },
        Discriminator = new Maze2DConfig.DiscriminatorSettings { BatchSize = 16, TrainSteps = 8 },
        Evaluation = new Maze2DConfig.EvaluationSettings { HeatmapSequences = 100, DiscriminabilitySamples = 40, SteeringSamples = 4 },
        CheckpointEvery = 4,
    };

    private static string TempDir() => Directory.CreateTempSubdirectory("engine-maze2d-").FullName;

    [Fact]
    public void Default_run_finds_the_goal()
    {
        var dir = TempDir();
        try
        {
            var results = new Maze2DExperiment(DefaultWithoutBaselines, dir).Run();
            var run = Assert.Single(results.Runs);
            Assert.True(run.Correct && run.NearestGoal, $"reward maximum at ({run.MaxX:F2}, {run.MaxY:F2}), {run.Distance:F2} cells from the goal ({run.GoalX}, {run.GoalY})");
            Assert.True(run.Discriminability > 0.6, $"held-out discriminability {run.Discriminability:P1}");
            foreach (var f in new[] { "report.md", "report.json", "config.json", "losses.png", run.Heatmap })
                Assert.True(File.Exists(Path.Combine(dir, f)), $"{f} missing");
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.json")));
            Assert.Equal(1, json.RootElement.GetProperty("test")[0].GetProperty("withinOneCell").GetProperty("successes").GetInt32());
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>Interrupted in every training stage, then rerun: the checkpoints end bit for bit where an uninterrupted run's do.</summary>
    [Fact]
    public void Interrupted_run_resumes_to_the_same_weights()
    {
        var straight = TempDir();
        var broken = TempDir();
        try
        {
            var expected = new Maze2DExperiment(Tiny, straight).Run();
            foreach (var stage in new[] { "diffusion: base-seed0", "diffusion: expert-goal2-seed0", "reward: goal 2 seed 0", "discriminator: goal 2 seed 0" })
            {
                using var cts = new CancellationTokenSource();
                var stopper = new StopAt(stage, 7, cts);
                Assert.ThrowsAny<OperationCanceledException>(() => new Maze2DExperiment(Tiny, broken, stopper).Run(cts.Token));
                Assert.True(stopper.Stopped, $"the run never reached step 7 of '{stage}'");
            }
            var actual = new Maze2DExperiment(Tiny, broken).Run();
            foreach (var file in new[] { "models/base-seed0.safetensors", "models/expert-goal2-seed0.safetensors", "goal2/seed0/reward.safetensors", "goal2/seed0/discriminator.safetensors" })
            {
                var a = SafeTensors.Load(Path.Combine(straight, file));
                var b = SafeTensors.Load(Path.Combine(broken, file));
                Assert.Equal(a.Keys.Order(), b.Keys.Order());
                foreach (var k in a.Keys) Assert.Equal(a[k].ToArrayDouble(), b[k].ToArrayDouble());
            }
            Assert.Equal(expected.Runs[0].Discriminability, actual.Runs[0].Discriminability);
            Assert.Equal(expected.Runs[0].MaxX, actual.Runs[0].MaxX);
        }
        finally
        {
            Directory.Delete(straight, true);
            Directory.Delete(broken, true);
        }
    }

    [Fact]
    public void A_checkpoint_from_another_configuration_is_refused()
    {
        var dir = TempDir();
        try
        {
            new Maze2DExperiment(Tiny, dir).Run();
            var changed = Tiny with { Diffusion = Tiny.Diffusion with { Dim = 16 } };
            var e = Assert.Throws<Engine.IO.InputException>(() => new Maze2DExperiment(changed, dir).Run());
            Assert.Contains("base-seed0.safetensors", e.Message);
            Assert.Contains("different configuration", e.Message);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Theory]
    [InlineData("maze", "unknown Maze2D environment 'mars'", "$.maze", "use open, umaze")]
    [InlineData("window", "invalid value '5'", "$.reward.windowHorizon", "must divide diffusion.horizon 16")]
    [InlineData("goal", "invalid value '9'", "$.goals", "not a paper goal number")]
    [InlineData("width", "invalid value '[1, 2]'", "$.diffusion.dimMults", "multiple of 8")]
    [InlineData("seed", "invalid value '-1'", "$.seeds", "seeds are 0 or more")]
    [InlineData("fraction", "invalid value 'NaN'", "$.data.testFraction", "must be in (0, 0.5)")]
    public void Bad_settings_name_the_member_and_the_rule(string setting, string what, string where, string why)
    {
        var c = setting switch
        {
            "maze" => Tiny with { Maze = "mars" },
            "window" => Tiny with { Reward = Tiny.Reward with { WindowHorizon = 5 } },
            "goal" => Tiny with { Goals = [9] },
            "seed" => Tiny with { Seeds = [0, -1] },
            "fraction" => Tiny with { Data = Tiny.Data with { TestFraction = double.NaN } },
            _ => Tiny with { Diffusion = Tiny.Diffusion with { Dim = 12 } },
        };
        var e = Assert.Throws<Engine.IO.InputException>(() => c.Validated());
        Assert.Equal((what, where), (e.What, e.Where));
        Assert.Contains(why, e.Why);
    }

    [Fact]
    public void Config_files_round_trip_and_malformed_ones_are_reported()
    {
        var dir = TempDir();
        try
        {
            var path = Path.Combine(dir, "c.json");
            File.WriteAllText(path, Tiny.ToJson());
            var back = Maze2DConfig.Load(path);
            Assert.Equal(Tiny.ToJson(), back.ToJson());
            File.WriteAllText(path, "{ \"maze\": \"umaze\", \"goalz\": [1] }");
            var e = Assert.Throws<Engine.IO.InputException>(() => Maze2DConfig.Load(path));
            Assert.Equal(("invalid configuration", $"'{path}' $.goalz"), (e.What, e.Where));
            File.WriteAllText(path, "{ \"maze\": ");
            Assert.Throws<Engine.IO.InputException>(() => Maze2DConfig.Load(path));
            Assert.Equal("file not found", Assert.Throws<Engine.IO.InputException>(() => Maze2DConfig.Load(Path.Combine(dir, "missing.json"))).What);
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>Cancels the run once the named stage reports step <c>at</c>.</summary>
    private sealed class StopAt(string stage, long at, CancellationTokenSource cts) : IExperimentProgress
    {
        private string _current = "";
        public bool Stopped { get; private set; }
        public void Begin(string s, long total, long done = 0) => _current = s;
        public void Report(long done, string? detail = null)
        {
            if (_current == stage && done == at) { Stopped = true; cts.Cancel(); }
        }
        public void End() { }
        public void Log(string line) { }
    }
}
