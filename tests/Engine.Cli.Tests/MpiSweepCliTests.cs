using Engine.Distributed.Tests;

namespace Engine.Cli.Tests;

/// <summary>
/// `mpirun -np 2 engine maze2d …`: each rank runs its shard of the sweep, rank 0 merges them, and every run's result
/// is the serial run's, byte for byte.
/// </summary>
[Collection("console")]
public sealed class MpiSweepCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("engine-mpi-sweep-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [MpiFact(MpiJob.Mpich)]
    public void Two_ranks_run_one_shard_each_merge_one_report_equal_the_serial_run_and_resume_a_lost_shard() =>
        AssertShardedEqualsSerial(MpiJob.Mpich, alsoResume: true);

    [MpiFact(MpiJob.OpenMpi)]
    public void The_same_under_OpenMPI_and_a_shard_option_is_refused() =>
        AssertShardedEqualsSerial(MpiJob.OpenMpi, alsoRefuseShard: true);

    /// <summary>
    /// The job killed (launcher and both ranks, by SIGKILL) while rank 1 is in the middle of its diffusion training:
    /// rerunning the same command resumes every shard from its checkpoints and ends with the serial run's results. A
    /// result damaged after the job is written again from the checkpoints by the next run (the merge of `engine maze2d
    /// report` is what refuses a damaged shard by name: Maze2DSweepTests).
    /// </summary>
    [MpiFact(MpiJob.Mpich)]
    public void A_job_killed_mid_training_resumes_to_the_serial_results_and_a_damaged_result_is_written_again()
    {
        string config = Path.Combine(_dir, "tiny.json");
        File.WriteAllText(config, TinyMazeRun.Config.ToJson());
        string serial = Path.Combine(_dir, "serial"), sharded = Path.Combine(_dir, "mpi");
        // Long enough diffusion training that the kill lands inside it, with a checkpoint every 4 steps to resume from.
        string[] args = ["maze2d", "--config", config, "--seeds", "0,100", "--diffusion-steps", "300"];
        var (code, _, err) = EngineRunner.Run([.. args, "--out", serial]);
        Assert.True(code == 0, err);

        string engine = typeof(CliErrors).Assembly.Location;
        string rank1Models = Path.Combine(sharded, "shard-2-of-2", "models");
        bool Checkpointed() => Directory.Exists(rank1Models) && Directory.EnumerateFiles(rank1Models, "*.safetensors").Any();
        var (killed, killedOutput) = MpiJob.RunUntil(MpiJob.Mpich, 2, engine, Checkpointed, [.. args, "--out", sharded]);
        Assert.True(killed == MpiJob.Killed, $"the job ended ({killed}) before rank 1 wrote a checkpoint:\n{killedOutput}");
        string lost = Path.Combine(sharded, "shard-2-of-2", "goal2", "seed100", "result.json");
        Assert.False(File.Exists(lost), "rank 1 had finished before the kill");

        var (again, againOutput) = MpiJob.Run(MpiJob.Mpich, 2, engine, [.. args, "--out", sharded]);
        Assert.True(again == 0, $"rerun exited with {again}:\n{againOutput}");
        Assert.Contains("resuming at", againOutput);
        foreach (var (shard, seed) in new[] { (1, 0), (2, 100) })
        {
            string reference = Path.Combine(serial, "goal2", $"seed{seed}", "result.json");
            Assert.Equal(File.ReadAllBytes(reference), File.ReadAllBytes(Path.Combine(sharded, $"shard-{shard}-of-2", "goal2", $"seed{seed}", "result.json")));
        }

        var bytes = File.ReadAllBytes(lost);
        bytes[bytes.Length / 2] ^= 0x20;
        File.WriteAllBytes(lost, bytes);
        var (repaired, repairedOutput) = MpiJob.Run(MpiJob.Mpich, 2, engine, [.. args, "--out", sharded]);
        Assert.True(repaired == 0, $"rerun over a damaged result exited with {repaired}:\n{repairedOutput}");
        Assert.Equal(File.ReadAllBytes(Path.Combine(serial, "goal2", "seed100", "result.json")), File.ReadAllBytes(lost));
    }

    [MpiFact(MpiJob.OpenMpi)]
    public void Data_parallel_ranks_share_each_training_step_and_reproduce_the_serial_run_byte_for_byte()
    {
        string config = Path.Combine(_dir, "tiny.json");
        File.WriteAllText(config, TinyMazeRun.Config.ToJson());
        string serial = Path.Combine(_dir, "serial-k4"), shared = Path.Combine(_dir, "data-parallel");
        var (code, _, err) = EngineRunner.Run("maze2d", "--config", config, "--seeds", "0", "--micro-batches", "4", "--out", serial);
        Assert.True(code == 0, err);

        string engine = typeof(CliErrors).Assembly.Location;
        var (exit, output) = MpiJob.Run(MpiJob.OpenMpi, 2, engine, "maze2d", "--config", config, "--seeds", "0", "--micro-batches", "4", "--data-parallel", "--out", shared);
        Assert.True(exit == 0, $"mpirun -np 2 engine maze2d --data-parallel exited with {exit}:\n{output}");
        Assert.DoesNotContain("shard", output);
        Assert.Contains("data-parallel: 2 processes (", output);
        Assert.Contains(") share every training step of 4 micro-batches", output);
        string result = Path.Combine("goal2", "seed0", "result.json");
        Assert.Equal(File.ReadAllBytes(Path.Combine(serial, result)), File.ReadAllBytes(Path.Combine(shared, result)));
        // Rank 1 worked in a private copy, which it removed: the run folder holds one run, as a serial run's does.
        Assert.Equal(Directory.GetFiles(serial, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(serial, f)).Order(),
            Directory.GetFiles(shared, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(shared, f)).Order());

        var (refused, text) = MpiJob.Run(MpiJob.OpenMpi, 2, engine, "maze2d", "--config", config, "--data-parallel", "--shard", "1/2", "--out", Path.Combine(_dir, "x"));
        Assert.NotEqual(0, refused);
        Assert.Contains("error: invalid value '1/2' (--shard): with --data-parallel all 2 processes of this MPI job run every run together", text);
    }

    private void AssertShardedEqualsSerial(string launcher, bool alsoRefuseShard = false, bool alsoResume = false)
    {
        string config = Path.Combine(_dir, "tiny.json");
        File.WriteAllText(config, TinyMazeRun.Config.ToJson());
        string serial = Path.Combine(_dir, "serial"), sharded = Path.Combine(_dir, "mpi");
        var (code, _, err) = EngineRunner.Run("maze2d", "--config", config, "--seeds", "0,100", "--out", serial);
        Assert.True(code == 0, err);

        string engine = typeof(CliErrors).Assembly.Location;
        var (exit, output) = MpiJob.Run(launcher, 2, engine, "maze2d", "--config", config, "--seeds", "0,100", "--out", sharded);
        Assert.True(exit == 0, $"{launcher} -np 2 engine maze2d exited with {exit}:\n{output}");
        Assert.Contains("shard 1/2: 1 of the sweep's 2 runs", output);
        Assert.Contains("shard 2/2: 1 of the sweep's 2 runs", output);
        Assert.Contains("merging the 2 shards:", output);
        Assert.True(File.Exists(Path.Combine(sharded, "report.md")), output);
        // Canonical order (seed, then goal): seed 0 is shard 1's run, seed 100 shard 2's.
        foreach (var (shard, seed) in new[] { (1, 0), (2, 100) })
        {
            string mine = Path.Combine(sharded, $"shard-{shard}-of-2", "goal2", $"seed{seed}", "result.json");
            string reference = Path.Combine(serial, "goal2", $"seed{seed}", "result.json");
            Assert.Equal(File.ReadAllBytes(reference), File.ReadAllBytes(mine));
        }

        if (alsoResume)
        {
            // Rank 1 killed before its result was written: rerunning the same job resumes from the shard folders' checkpoints.
            string lost = Path.Combine(sharded, "shard-2-of-2", "goal2", "seed100", "result.json");
            File.Delete(lost);
            File.Delete(lost + ".sha256");
            var (again, againOutput) = MpiJob.Run(launcher, 2, engine, "maze2d", "--config", config, "--seeds", "0,100", "--out", sharded);
            Assert.True(again == 0, $"rerun exited with {again}:\n{againOutput}");
            Assert.Equal(File.ReadAllBytes(Path.Combine(serial, "goal2", "seed100", "result.json")), File.ReadAllBytes(lost));
            Assert.DoesNotContain("have no result yet", againOutput);
        }

        if (alsoRefuseShard)
        {
            var (refused, text) = MpiJob.Run(launcher, 2, engine, "maze2d", "--config", config, "--shard", "1/2", "--out", Path.Combine(_dir, "x"));
            Assert.NotEqual(0, refused);
            Assert.Contains("error: invalid value '1/2' (--shard): this run was started by an MPI launcher with 2 processes", text);
        }
    }
}
