using Engine.Diffusion;
using Engine.Envs;
using Engine.Envs.MuJoCo.Locomotion;
using Engine.Experiments.Locomotion.Steering;
using Engine.NN;
using Engine.Rewards.Steering;

namespace Engine.Experiments.Tests;

/// <summary>The steering rollouts follow the authors' order of operations (docs/reference-facts.md §6.1), and the experiment resumes bit-exactly.</summary>
public class LocomotionSteeringTests
{
    private const int Horizon = 4, Obs = 3, Act = 2, Steps = 6;

    /// <summary>A denoiser that records what it was given and predicts x₀ = x/2.</summary>
    private sealed class RecordingDenoiser(List<string> log, List<float[]> inputs) : ITrajectoryModel
    {
        public Tensor Forward(Tensor x, Tensor t)
        {
            log.Add($"denoise t={t.ToArrayInt()[0]} batch={x.Shape[0]}");
            inputs.Add(x.ToArrayFloat()); // copied now: the sampler disposes its step tensors
            return x * 0.5;
        }
        public IEnumerable<Parameter> Parameters() => [];
    }

    [Fact]
    public void GuidanceComesBeforeEachDenoisingStepOnTheWholeConditionedBatchAndStopsBelowTStopgrad()
    {
        var log = new List<string>();
        var denoised = new List<float[]>();
        var guided = new List<float[]>();
        var diffusion = new GaussianDiffusion(new RecordingDenoiser(log, denoised), Horizon, Obs, Act, Steps, clipDenoised: false);
        Reward reward = (x, t) =>
        {
            log.Add($"guide t={t.ToArrayInt()[0]} batch={x.Shape[0]}");
            guided.Add(x.ToArrayFloat());
            return (x * 1000.0).Sum([1, 2]); // ∇ρ = 1000 everywhere: any applied guidance is visible
        };
        const int batch = 5, tStop = 2;
        var obs = Tensor.FromArray(Enumerable.Range(0, batch * Obs).Select(i => (float)(0.1 * i)).ToArray(), batch, Obs);
        var cond = new Conditioning(new Dictionary<int, Tensor> { [0] = obs }, batch, Horizon, Obs + Act, Act, DType.Float32);
        new GuidedSampler(diffusion, reward, new GuideOptions(0.01, TStopgrad: tStop, NGuideSteps: 1, ScaleGradByStd: false))
            .Sample(batch, cond, new Generator(3));

        // ρ is differentiated before every denoising step at t ≥ t_stopgrad and not at all below it (the zeroed
        // guide would leave x as it is).
        var expected = Enumerable.Range(0, Steps).Reverse().SelectMany(i => i >= tStop
            ? new[] { $"guide t={i} batch={batch}", $"denoise t={i} batch={batch}" }
            : new[] { $"denoise t={i} batch={batch}" });
        Assert.Equal(expected, log);
        var o = obs.ToArrayFloat();
        for (int k = 0; k < Steps - tStop; k++)
        {
            int t = Steps - 1 - k;
            var g = guided[k];
            var d = denoised[k];
            for (int b = 0; b < batch; b++)
                for (int j = 0; j < Obs; j++)
                {
                    // The observation is imposed on step 0 before guidance and again after it.
                    int at = (b * Horizon + 0) * (Obs + Act) + Act + j;
                    Assert.Equal(o[b * Obs + j], g[at]);
                    Assert.Equal(o[b * Obs + j], d[at]);
                }
            // Elsewhere guidance moved x by ω·1000 = 10.
            int free = (0 * Horizon + 1) * (Obs + Act);
            Assert.Equal(10.0, d[free] - g[free], 3);
        }
    }

    [MuJoCoFact]
    public void RolloutsPlanAllRunningEnvironmentsInOneCallPerStep()
    {
        var task = LocomotionTask.Hopper;
        var identity = new GaussianNormalizer(new double[11], Enumerable.Repeat(1.0, 11).ToArray());
        var actions = new GaussianNormalizer(new double[3], Enumerable.Repeat(1.0, 3).ToArray());
        var model = new GaussianDiffusion(new RecordingDenoiser([], []), 4, 11, 3, 2);
        var rollouts = new SteeredRollouts(task, model, identity, actions, workers: 2);
        var calls = new List<(int Batch, float[] Obs)>();
        SteeredRollouts.Planner planner = (o, g) =>
        {
            calls.Add((o.Shape[0], o.ToArrayFloat()));
            // Env 0 jumps with full torque (it soon falls), the others hold still.
            var plans = new float[o.Shape[0] * 4 * 14];
            if (calls.Count > 0 && o.Shape[0] == 3) for (int j = 0; j < 3; j++) plans[j] = 1f;
            return Tensor.FromArray(plans, o.Shape[0], 4, 14);
        };
        var episodes = rollouts.Run(planner, 3, seed: 7, new Generator(1), maxSteps: 60, stopBelow: -50);
        Assert.Equal(episodes.Max(e => e.Length), calls.Count);
        for (int s = 0; s < calls.Count; s++)
            Assert.Equal(episodes.Count(e => e.Length > s), calls[s].Batch);
        using var env = new LocomotionEnv(task);
        var first = env.Reset(Rng.Derive(7, 1));
        for (int j = 0; j < 11; j++) Assert.Equal((float)first[j], calls[0].Obs[11 + j]);
    }

    internal static LocomotionExperimentConfig Tiny(string dataDir) => LocomotionExperimentConfig.Small("hopper") with
    {
        DataDir = dataDir,
        Diffusion = new LocomotionExperimentConfig.DiffusionSettings { Horizon = 8, Steps = 4, Dim = 8, DimMults = [1, 2], BatchSize = 4, TrainSteps = 6, StepStartEma = 2, UpdateEmaEvery = 2 },
        Reward = new LocomotionExperimentConfig.RewardSettings { TrainSteps = 6, BatchSize = 8, PairPool = 32, StepStartEma = 2, UpdateEmaEvery = 2 },
        Discriminator = new LocomotionExperimentConfig.DiscriminatorSettings { TrainSteps = 6, BatchSize = 8 },
        Rollouts = new LocomotionExperimentConfig.RolloutSettings { Episodes = 2, MaxSteps = 20 },
        Ablations = new LocomotionExperimentConfig.AblationSettings { SecondBase = true, GridScales = [0.1], GridTStopgrad = [0] },
        CheckpointEvery = 2,
    };

    [MuJoCoFact]
    public void ATinyRunResumesEveryStageBitExactly()
    {
        string data = Directory.CreateTempSubdirectory("engine-locosteer-data-").FullName;
        string straight = Directory.CreateTempSubdirectory("engine-locosteer-a-").FullName;
        string broken = Directory.CreateTempSubdirectory("engine-locosteer-b-").FullName;
        try
        {
            TinyLocomotionData.Make(data);
            var expected = new LocomotionExperiment(Tiny(data), straight, workers: 2).Run();

            // Interrupted in every training stage and in a rollout, each time resumed from what was saved.
            foreach (var (stage, at) in new[] { ("diffusion: base", 3L), ("diffusion: expert", 5L), ("reward", 3L), ("discriminator", 3L), ("rollouts", 5L), ("diffusion: base-seed2", 3L) })
                Assert.Throws<OperationCanceledException>(() => new LocomotionExperiment(Tiny(data), broken, new StopAt(stage, at), workers: 1).Run());
            var resumed = new LocomotionExperiment(Tiny(data), broken, workers: 2).Run();
            Assert.Equal(4 + 1 + 2, expected.Conditions.Count); // Table 1's four, one grid point, the second base twice
            Assert.Equal(expected.Conditions.Keys.Order(), resumed.Conditions.Keys.Order());
            foreach (var (name, episodes) in expected.Conditions)
                Assert.Equal(episodes.Select(e => e.Score), resumed.Conditions[name].Select(e => e.Score));
            Assert.Contains("Table 8", File.ReadAllText(Path.Combine(broken, "report.md")));
            Assert.True(File.Exists(Path.Combine(broken, "report.md")) && File.Exists(Path.Combine(broken, "scores.png")));
            FigureAudit.Check(straight, atLeast: 3); // scores, training losses, stick figures
        }
        finally
        {
            foreach (var d in new[] { data, straight, broken }) Directory.Delete(d, true);
        }
    }

    internal sealed class StopAt(string stage, long at) : IExperimentProgress
    {
        private string _current = "";
        public void Begin(string s, long total, long done = 0) => _current = s;
        public void Report(long done, string? detail = null)
        {
            if (_current.StartsWith(stage, StringComparison.Ordinal) && done >= at) throw new OperationCanceledException($"stopped in {_current} at {done}");
        }
        public void End() { }
        public void Log(string line) { }
    }
}
