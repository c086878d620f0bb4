using Engine.Experiments.Locomotion.Steering;
using Engine.Experiments.Maze2D;
using Engine.IO;

namespace Engine.Experiments.Tests;

/// <summary>
/// A locomotion sweep split into shards of rollout conditions (issue 19): the assignment, a shard killed in a rollout and
/// in a training stage that resumes to the serial run's episodes, and damaged or foreign rollouts of another shard
/// refused by name.
/// </summary>
public class LocomotionShardTests
{
    [Fact]
    public void EveryConditionOfEveryRobotBelongsToExactlyOneShardInContiguousBlocks()
    {
        var ablations = new LocomotionExperimentConfig.AblationSettings { SecondBase = true, GridScales = [0.1, 0.2], GridTStopgrad = [0] };
        var robots = new[] { "hopper", "halfcheetah", "walker2d" }.Select(e => LocomotionExperimentConfig.Small(e) with { Ablations = ablations }).ToList();
        var all = robots.SelectMany(c => LocomotionExperiment.Units(c).Select(u => (c.Env, u))).ToList();
        Assert.Equal(3 * 8, all.Count); // Table 1's four, two grid cells, the second base's two
        foreach (int n in new[] { 1, 2, 3, 5, 7, 30 })
        {
            var shards = Enumerable.Range(1, n).Select(k => LocomotionShards.Of(robots, new ShardSpec(k, n))).ToList();
            // Read in shard order, the shards' conditions are the sweep's in canonical order: each once, in blocks.
            var joined = shards.SelectMany(s => s.Robots.SelectMany((c, r) => s.Mine[r].Select(u => (c.Env, u)))).ToList();
            Assert.Equal(all, joined);
            Assert.All(shards, s => Assert.Equal(all.Count, s.Total));
            int largest = shards.Max(s => s.Mine.Sum(m => m.Count)), smallest = shards.Min(s => s.Mine.Sum(m => m.Count));
            Assert.True(largest - smallest <= 1, $"{n} shards: sizes from {smallest} to {largest}");
        }
        // As many shards as robots of one size: the robot split.
        for (int k = 1; k <= 3; k++)
        {
            var s = LocomotionShards.Of(robots, new ShardSpec(k, 3));
            for (int r = 0; r < 3; r++)
                Assert.Equal(r == k - 1 ? LocomotionExperiment.Units(robots[r]) : [], s.Mine[r]);
        }
    }

    [MuJoCoFact]
    public void AKilledShardResumesToTheSerialEpisodesAndDamagedOrForeignRolloutsAreRefusedByName()
    {
        string data = Directory.CreateTempSubdirectory("engine-locoshard-data-").FullName;
        string serialDir = Directory.CreateTempSubdirectory("engine-locoshard-serial-").FullName;
        string shardDir = Directory.CreateTempSubdirectory("engine-locoshard-shards-").FullName;
        try
        {
            TinyLocomotionData.Make(data);
            var tiny = LocomotionSteeringTests.Tiny(data);
            var serial = new LocomotionExperiment(tiny, serialDir, workers: 1).Run();
            var first = LocomotionShards.Of([tiny], new ShardSpec(1, 2)).Mine[0];
            var second = LocomotionShards.Of([tiny], new ShardSpec(2, 2)).Mine[0];
            Assert.Equal(["BaseUnsteered", "BaseDiscriminator", "BaseReward", "ExpertUnsteered"], first);
            LocomotionShardOutcome Shard(IReadOnlyList<string> units, IExperimentProgress? progress = null) =>
                new LocomotionExperiment(tiny, shardDir, progress, workers: 1).Run(units, writeReport: true);

            // Shard 1 killed in a training stage (which it trains for both shards), shard 2 in its first rollouts; each rerun resumes.
            Assert.True(Record.Exception(() => Shard(first, new LocomotionSteeringTests.StopAt("diffusion: expert", 3))) is OperationCanceledException);
            var partial = Shard(first);
            Assert.Null(partial.Results);
            Assert.Equal(second, partial.Missing);
            Assert.False(File.Exists(Path.Combine(shardDir, "report.md")));
            Assert.True(Record.Exception(() => Shard(second, new LocomotionSteeringTests.StopAt("rollouts", 1))) is OperationCanceledException);
            var done = Shard(second);
            Assert.NotNull(done.Results);
            Assert.Empty(done.Missing);
            Assert.Equal(serial.Conditions.Keys, done.Results.Conditions.Keys);
            foreach (var (name, episodes) in serial.Conditions)
                Assert.Equal(episodes, done.Results.Conditions[name]);
            Assert.True(File.Exists(Path.Combine(shardDir, "report.md")));
            foreach (var model in new[] { "base", "expert", "reward", "discriminator", "base-seed2" })
            {
                string file = Path.Combine("models", $"{model}.safetensors");
                Assert.True(File.ReadAllBytes(Path.Combine(serialDir, file)).SequenceEqual(File.ReadAllBytes(Path.Combine(shardDir, file))), $"{file} differs from the serial run's");
            }

            // Another shard's rollouts, damaged or swapped for another condition's, are refused with their path.
            string reward = Path.Combine(shardDir, "rollouts", "BaseReward.json"), unsteered = Path.Combine(shardDir, "rollouts", "BaseUnsteered.json");
            File.AppendAllText(reward, " "); // still JSON: only the sidecar tells
            var damaged = Assert.Throws<InputException>(() => Shard(second));
            Assert.Equal(("corrupt rollouts file", $"'{reward}'"), (damaged.What, damaged.Where));
            File.Copy(unsteered, reward, overwrite: true);
            File.Copy(HashSidecar.PathOf(unsteered), HashSidecar.PathOf(reward), overwrite: true);
            var foreign = Assert.Throws<InputException>(() => Shard(second));
            Assert.Equal(("foreign rollouts file", $"'{reward}'"), (foreign.What, foreign.Where));
            Assert.Contains("BaseUnsteered", foreign.Why);
        }
        finally
        {
            foreach (var d in new[] { data, serialDir, shardDir }) Directory.Delete(d, true);
        }
    }
}
