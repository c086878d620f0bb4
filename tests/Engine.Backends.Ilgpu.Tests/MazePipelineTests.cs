using Engine.Experiments.Maze2D;
using Engine.NN;

namespace Engine.Backends.Ilgpu.Tests;

/// <summary>
/// The maze experiment end to end on the device, against the same run on the CPU backend: data, the base and
/// expert diffusion models, the relative reward, its evaluation (heatmap, goal, discriminability, steering) and the
/// discriminator baseline, at micro sizes (a few training steps per stage, the smallest U-Net). The datasets are
/// generated on the host by the environment; each stage's first loss, computed from identical initial weights on
/// them, checks that both runs trained on the same data.
/// </summary>
[Collection(BackendCollection.Name)]
public sealed class MazePipelineTests(BackendFixture fx)
{
    /// <summary>The smallest valid configuration: a handful of steps per stage; the numbers mean nothing, only their equality does.</summary>
    private static Maze2DConfig Micro => new()
    {
        Maze = "umaze",
        Goals = [2],
        Data = new Maze2DConfig.DataSettings { BaseSize = 1000, ExpertSize = 1000 },
        Diffusion = new Maze2DConfig.DiffusionSettings { Horizon = 8, Steps = 3, Dim = 8, DimMults = [1, 2], BatchSize = 4, TrainSteps = 3, StepStartEma = 1, UpdateEmaEvery = 1 },
        Reward = new Maze2DConfig.RewardSettings { WindowHorizon = 4, DimMults = [4], BatchSize = 8, TrainSteps = 3, PairPool = 16, StepStartEma = 1, UpdateEmaEvery = 1 },
        Discriminator = new Maze2DConfig.DiscriminatorSettings { BatchSize = 8, TrainSteps = 3 },
        Evaluation = new Maze2DConfig.EvaluationSettings { HeatmapSequences = 16, DiscriminabilitySamples = 16, SteeringSamples = 2 },
        CheckpointEvery = 100,
    };

    /// <summary>
    /// Trained weights get Adam's bound: Adam moves a parameter by
    /// about lr per step whatever the gradient's size, so where the true gradient is zero (a convolution bias
    /// before a one-channel group norm) each run steps along its own rounding noise, and the two runs may differ
    /// by up to 2·lr per step there. The loss curves, which such parameters do not affect, are compared tightly.
    /// </summary>
    private static double Tolerance(string file)
    {
        var c = Micro;
        if (file.Contains("base-", StringComparison.Ordinal) || file.Contains("expert-", StringComparison.Ordinal))
            return 2 * c.Diffusion.LearningRate * c.Diffusion.TrainSteps;
        if (file.EndsWith("reward.safetensors", StringComparison.Ordinal)) return 2 * c.Reward.LearningRate * c.Reward.TrainSteps;
        if (file.EndsWith("discriminator.safetensors", StringComparison.Ordinal)) return 2 * c.Discriminator.LearningRate * c.Discriminator.TrainSteps;
        return 1e-6; // any other tensor file holds no trained weights
    }

    [Fact]
    public void EveryStageMatchesTheCpuBackend()
    {
        var root = Directory.CreateTempSubdirectory("engine-ilgpu-maze-").FullName;
        try
        {
            int run = 0;
            var (device, cpu) = BothBackends.Run(fx.Backend, () =>
            {
                var dir = Path.Combine(root, (run++ == 0 ? "device" : "cpu"));
                var experiment = new Maze2DExperiment(Micro, dir);
                var result = experiment.Run().Runs.Single();
                return (Dir: dir, Result: result, Curves: experiment.Curves);
            });
            Assert.NotEqual(device.Dir, cpu.Dir);
            // Every tensor each stage saved: the datasets, both diffusion models, the reward and the discriminator.
            var files = Directory.EnumerateFiles(cpu.Dir, "*.safetensors", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(cpu.Dir, f)).Order().ToList();
            Assert.Contains(files, f => f.Contains("base-seed0", StringComparison.Ordinal));
            Assert.Contains(files, f => f.Contains("expert-goal2-seed0", StringComparison.Ordinal));
            Assert.Contains(files, f => f.EndsWith("reward.safetensors", StringComparison.Ordinal));
            Assert.Contains(files, f => f.EndsWith("discriminator.safetensors", StringComparison.Ordinal));
            Assert.Equal(files, Directory.EnumerateFiles(device.Dir, "*.safetensors", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(device.Dir, f)).Order().ToList());
            foreach (var file in files)
            {
                var a = SafeTensors.Load(Path.Combine(cpu.Dir, file));
                var b = SafeTensors.Load(Path.Combine(device.Dir, file));
                Assert.Equal(a.Keys.Order(), b.Keys.Order());
                foreach (var key in a.Keys)
                    BothBackends.Close($"{file}:{key}", a[key].ToArrayDouble(), b[key].ToArrayDouble(), Tolerance(file));
            }
            // The losses of every stage, step by step: the first from identical weights, the rest from weights
            // that differ only where the gradient is rounding noise (which the loss does not see).
            Assert.Equal(cpu.Curves.Keys.Order(), device.Curves.Keys.Order());
            Assert.NotEmpty(cpu.Curves);
            foreach (var (stage, curve) in cpu.Curves)
                BothBackends.Close($"loss curve of {stage}", [.. curve.Means], [.. device.Curves[stage].Means], 1e-4);
            var (r, d) = (cpu.Result, device.Result);
            BothBackends.Close("losses", [r.FinalRewardLoss, r.HeldOutRewardLoss], [d.FinalRewardLoss, d.HeldOutRewardLoss], 1e-4);
            BothBackends.Close("heatmap maximum", [r.MaxX, r.MaxY], [d.MaxX, d.MaxY], 1e-6);
            BothBackends.Close("discriminability", [r.Discriminability, r.DiscriminatorDiscriminability], [d.Discriminability, d.DiscriminatorDiscriminability], 1e-6);
            BothBackends.Close("steering", [r.UnsteeredGoalDistance, r.SteeredGoalDistance], [d.UnsteeredGoalDistance, d.SteeredGoalDistance], 1e-4);
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }
}
