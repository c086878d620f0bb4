using Engine.Distributed.Tests;
using Engine.Experiments.Locomotion.Steering;
using Engine.Testing;

namespace Engine.Cli.Tests;

/// <summary>An MPI launch test that also needs libmujoco: skipped (with both install hints) only where either is missing outside CI.</summary>
public sealed class MpiMuJoCoFactAttribute : FactAttribute
{
    public MpiMuJoCoFactAttribute(string launcher)
    {
        Skip = new MpiFactAttribute(launcher).Skip ?? MuJoCoFactAttribute.SkipReason();
    }
}

/// <summary>
/// `mpirun -np 2 engine locomotion experiment --micro-batches 2 --data-parallel`: the ranks share every training step of
/// one robot's run, and its models are the serial `--micro-batches 2` run's, byte for byte; without `--data-parallel` the
/// ranks split the robots and rank 0 reports them.
/// </summary>
[Collection("console")]
public sealed class MpiLocomotionCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("engine-mpi-loco-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [MpiMuJoCoFact(MpiJob.OpenMpi)]
    public void Data_parallel_ranks_train_the_serial_runs_models_byte_for_byte()
    {
        string data = Path.Combine(_dir, "data");
        Engine.Experiments.Tests.TinyLocomotionData.Make(data);
        var tiny = LocomotionExperimentConfig.Small("hopper") with
        {
            DataDir = data,
            Diffusion = new LocomotionExperimentConfig.DiffusionSettings { Horizon = 8, Steps = 4, Dim = 8, DimMults = [1, 2], BatchSize = 4, TrainSteps = 4, StepStartEma = 2, UpdateEmaEvery = 2 },
            Reward = new LocomotionExperimentConfig.RewardSettings { TrainSteps = 4, BatchSize = 8, PairPool = 32, StepStartEma = 2, UpdateEmaEvery = 2 },
            Discriminator = new LocomotionExperimentConfig.DiscriminatorSettings { TrainSteps = 4, BatchSize = 8 },
            Rollouts = new LocomotionExperimentConfig.RolloutSettings { Episodes = 2, MaxSteps = 10 },
            Ablations = new LocomotionExperimentConfig.AblationSettings(),
            CheckpointEvery = 2,
        };
        string config = Path.Combine(_dir, "tiny.json");
        File.WriteAllText(config, tiny.ToJson());
        string serial = Path.Combine(_dir, "serial"), shared = Path.Combine(_dir, "data-parallel");
        var (code, _, err) = EngineRunner.Run("locomotion", "experiment", "--config", config, "--micro-batches", "2", "--workers", "1", "--out", serial);
        Assert.True(code == 0, err);

        string engine = typeof(CliErrors).Assembly.Location;
        var (exit, output) = MpiJob.Run(MpiJob.OpenMpi, 2, engine, "locomotion", "experiment", "--config", config, "--micro-batches", "2", "--workers", "1", "--data-parallel", "--out", shared);
        Assert.True(exit == 0, $"mpirun -np 2 engine locomotion experiment --data-parallel exited with {exit}:\n{output}");
        Assert.Contains("data-parallel: 2 processes (", output);
        foreach (var model in new[] { "base", "expert", "reward" })
        {
            string file = Path.Combine("hopper", "models", $"{model}.safetensors");
            Assert.True(File.ReadAllBytes(Path.Combine(serial, file)).SequenceEqual(File.ReadAllBytes(Path.Combine(shared, file))), $"{file} differs from the serial run's");
        }

        // Without --data-parallel the ranks split the robots: one robot, so rank 1 idles and rank 0 reports it once.
        string split = Path.Combine(_dir, "split");
        var (splitExit, splitOutput) = MpiJob.Run(MpiJob.OpenMpi, 2, engine, "locomotion", "experiment", "--config", config, "--micro-batches", "2", "--workers", "1", "--out", split);
        Assert.True(splitExit == 0, $"mpirun -np 2 engine locomotion experiment exited with {splitExit}:\n{splitOutput}");
        Assert.Contains("rank 0 of 2: hopper", splitOutput);
        Assert.Contains("rank 1 of 2: no robot", splitOutput);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(splitOutput, @"^hopper: BaseUnsteered", System.Text.RegularExpressions.RegexOptions.Multiline));
        string baseModel = Path.Combine("hopper", "models", "base.safetensors");
        Assert.True(File.ReadAllBytes(Path.Combine(serial, baseModel)).SequenceEqual(File.ReadAllBytes(Path.Combine(split, baseModel))), "the split run's base model differs from the serial run's");
    }
}
