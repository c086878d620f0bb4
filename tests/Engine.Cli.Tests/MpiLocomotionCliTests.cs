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
/// ranks split the rollout conditions and rank 0 merges them into the serial run's results.
/// </summary>
[Collection("console")]
public sealed class MpiLocomotionCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("engine-mpi-loco-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [MpiMuJoCoFact(MpiJob.OpenMpi)]
    public void Data_parallel_ranks_train_the_serial_models_and_split_ranks_merge_the_serial_results()
    {
        string config = TinyLocomotionRun.Config(_dir, new LocomotionExperimentConfig.AblationSettings());
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

        // Without --data-parallel the ranks split the rollout conditions (shards 1/2 and 2/2 of one robot's four); rank 0
        // merges them into the serial run's results.
        string split = Path.Combine(_dir, "split");
        var (splitExit, splitOutput) = MpiJob.Run(MpiJob.OpenMpi, 2, engine, "locomotion", "experiment", "--config", config, "--micro-batches", "2", "--workers", "1", "--out", split);
        Assert.True(splitExit == 0, $"mpirun -np 2 engine locomotion experiment exited with {splitExit}:\n{splitOutput}");
        Assert.Contains("rank 0 of 2, shard 1/2: 2 of the sweep's 4 rollout conditions: hopper BaseUnsteered, BaseDiscriminator", splitOutput);
        Assert.Contains("rank 1 of 2, shard 2/2: 2 of the sweep's 4 rollout conditions: hopper BaseReward, ExpertUnsteered", splitOutput);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(splitOutput, @"^hopper: BaseUnsteered", System.Text.RegularExpressions.RegexOptions.Multiline));
        TinyLocomotionRun.AssertSameResults(Path.Combine(serial, "hopper"), Path.Combine(split, "hopper"));

        // --shard is the ranks' own business under mpirun: one line, and the job ends with it.
        var (refused, refusal) = MpiJob.Run(MpiJob.OpenMpi, 2, engine, "locomotion", "experiment", "--config", config, "--shard", "1/2", "--out", split);
        Assert.NotEqual(0, refused);
        Assert.Contains("error: invalid value '1/2' (--shard): this run was started by an MPI launcher with 2 processes", refusal);
    }

    /// <summary>
    /// A condition-split job killed (launcher and ranks) as soon as its first rollouts file is written resumes on the same
    /// command: the ranks finish their other conditions from the checkpoints and rank 0 merges the serial run's results.
    /// </summary>
    [MpiMuJoCoFact(MpiJob.Mpich)]
    public void A_job_killed_after_its_first_condition_resumes_to_the_serial_results()
    {
        string config = TinyLocomotionRun.Config(_dir, new LocomotionExperimentConfig.AblationSettings());
        string serial = Path.Combine(_dir, "serial"), split = Path.Combine(_dir, "split");
        var (code, _, err) = EngineRunner.Run("locomotion", "experiment", "--config", config, "--workers", "1", "--out", serial);
        Assert.True(code == 0, err);

        string engine = typeof(CliErrors).Assembly.Location;
        string[] args = ["locomotion", "experiment", "--config", config, "--workers", "1", "--out", split];
        string rollouts = Path.Combine(split, "hopper", "rollouts");
        int Finished() => Directory.Exists(rollouts) ? Directory.GetFiles(rollouts, "*.json").Length : 0;
        var (killed, killedOutput) = MpiJob.RunUntil(MpiJob.Mpich, 2, engine, () => Finished() > 0, args);
        Assert.True(killed == MpiJob.Killed, $"the job ended ({killed}) before a condition was finished:\n{killedOutput}");
        Assert.True(Finished() < 4, "every condition was finished before the kill");
        Assert.False(File.Exists(Path.Combine(split, "hopper", "report.md")));

        var (again, againOutput) = MpiJob.Run(MpiJob.Mpich, 2, engine, args);
        Assert.True(again == 0, $"rerun exited with {again}:\n{againOutput}");
        Assert.Contains("complete in", againOutput); // the finished condition (and the checkpoints) were reused
        TinyLocomotionRun.AssertSameResults(Path.Combine(serial, "hopper"), Path.Combine(split, "hopper"));
    }
}
