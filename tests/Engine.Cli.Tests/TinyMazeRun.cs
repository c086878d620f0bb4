using Engine.Experiments.Maze2D;

namespace Engine.Cli.Tests;

/// <summary>The maze configuration of the CLI tests that need a finished run: about a second, tiny models and few steps.</summary>
internal static class TinyMazeRun
{
    public static Maze2DConfig Config => new()
    {
        Maze = "umaze",
        Goals = [2],
        Data = new Maze2DConfig.DataSettings { BaseSize = 3000, ExpertSize = 3000 },
        Diffusion = new Maze2DConfig.DiffusionSettings { Horizon = 16, Steps = 5, Dim = 8, DimMults = [1, 2], BatchSize = 8, TrainSteps = 12, StepStartEma = 4, UpdateEmaEvery = 2 },
        Reward = new Maze2DConfig.RewardSettings { WindowHorizon = 4, DimMults = [4], BatchSize = 16, TrainSteps = 12, PairPool = 64, StepStartEma = 4, UpdateEmaEvery = 2 },
        Discriminator = new Maze2DConfig.DiscriminatorSettings { Enabled = false },
        Evaluation = new Maze2DConfig.EvaluationSettings { HeatmapSequences = 100, DiscriminabilitySamples = 40, SteeringSamples = 0 },
        CheckpointEvery = 4,
    };
}
