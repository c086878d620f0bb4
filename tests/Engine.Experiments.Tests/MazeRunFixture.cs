using Engine.Diffusion;
using Engine.Experiments.Maze2D;
using Engine.NN;

namespace Engine.Experiments.Tests;

/// <summary>
/// One finished `engine maze2d` run at a tiny size, trained once for every property on its models
/// (<see cref="MazeModelsCirculationTests"/>): its EMA base and expert <see cref="TemporalUnet"/> diffusions and its EMA
/// <see cref="StridedWindowReward"/>, loaded back from the run's checkpoints and widened to float64 for analysis, and the
/// run's data (for drawing x_t as the reward trainer draws it).
/// </summary>
public sealed class MazeRunFixture : IDisposable
{
    private readonly string _dir;

    public MazeRunFixture()
    {
        _dir = Directory.CreateTempSubdirectory("engine-maze-theory-").FullName;
        // Long enough training that both models have moved well away from their initialisation. The reward gets more:
        // at the tiny preset (150 steps, batch 16, EMA from step 4 at 0.995) its EMA network barely leaves its initialisation
        // and removes ~1% of E‖v‖², so the residual check would be vacuous. With 1000 steps (batch 64, lr 3e-3, a pool of
        // 4096 pairs, EMA start after the last step, so the EMA network is the trained one) it removes about half.
        Config = Maze2DPipelineTests.Tiny with
        {
            Diffusion = Maze2DPipelineTests.Tiny.Diffusion with { TrainSteps = 150 },
            Reward = Maze2DPipelineTests.Tiny.Reward with { TrainSteps = 1000, BatchSize = 64, PairPool = 4096, LearningRate = 3e-3, StepStartEma = 2000 },
            Discriminator = new Maze2DConfig.DiscriminatorSettings { Enabled = false },
            Evaluation = Maze2DPipelineTests.Tiny.Evaluation with { SteeringSamples = 0 },
            CheckpointEvery = 50,
        };
        new Maze2DExperiment(Config, _dir).Run();
        Goal = Config.Goals[0];
        Base = LoadDiffusion(Path.Combine(_dir, "models", "base-seed0.safetensors"));
        Expert = LoadDiffusion(Path.Combine(_dir, "models", $"expert-{Goal.FileName}-seed0.safetensors"));
        Reward = LoadReward(Path.Combine(Maze2DExperiment.RunFolder(_dir, Goal, 0), "reward.safetensors"));
        Data = Maze2DData.Prepare(Config, Path.Combine(_dir, "data"), 0, [Goal], SilentProgress.Instance);
    }

    public Maze2DConfig Config { get; }

    public MazeGoal Goal { get; }

    /// <summary>The base model's EMA diffusion, float64.</summary>
    public GaussianDiffusion Base { get; }

    /// <summary>The expert model's EMA diffusion, float64.</summary>
    public GaussianDiffusion Expert { get; }

    /// <summary>The EMA relative reward ρ(x, t): [batch, H, C], [batch] → [batch], float64.</summary>
    public StridedWindowReward Reward { get; }

    /// <summary>The run's data (seed 0), in the base model's normalisation.</summary>
    public Maze2DData Data { get; }

    private GaussianDiffusion LoadDiffusion(string path)
    {
        var d = Config.Diffusion;
        TemporalUnet Net() => new(d.Horizon, Maze2DData.TransitionDim, new Generator(0), d.Dim, d.DimMults, attentionSlots: false);
        var (model, ema) = (Net(), Net());
        TrainingCheckpoint.Load(path, model, ema, new Adam(model.Parameters(), 1e-3));
        // The run samples and makes its pairs with the EMA network; so do these checks.
        ema.To(DType.Float64);
        return new GaussianDiffusion(ema, d.Horizon, Maze2DData.ObservationDim, Maze2DData.ActionDim, d.Steps,
            cosineSchedule: true, predictEpsilon: false, clipDenoised: true, actionWeight: 1);
    }

    private StridedWindowReward LoadReward(string path)
    {
        var r = Config.Reward;
        StridedWindowReward Net() => new(new SingleStepRewardMLP(r.WindowHorizon, Maze2DData.TransitionDim, new Generator(0), r.Dim, r.EmbedDim, r.DimMults, () => new Mish()), r.WindowHorizon);
        var (model, ema) = (Net(), Net());
        TrainingCheckpoint.Load(path, model, ema, new Adam(model.Parameters(), 1e-3));
        ema.To(DType.Float64);
        return ema;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
