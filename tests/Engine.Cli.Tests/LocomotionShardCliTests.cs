using Engine.Experiments.Locomotion.Steering;
using Engine.Testing;

namespace Engine.Cli.Tests;

/// <summary>The datasets, the tiny configuration and its serial run, shared by the tests of <see cref="LocomotionShardCliTests"/>.</summary>
public sealed class SerialTinyLocomotion : IDisposable
{
    public SerialTinyLocomotion()
    {
        if (MuJoCoFactAttribute.SkipReason() is not null) return;
        Config = TinyLocomotionRun.Config(Dir, new LocomotionExperimentConfig.AblationSettings { SecondBase = true, GridScales = [0.1], GridTStopgrad = [0] });
        var (code, output, err) = EngineRunner.Run("locomotion", "experiment", "--config", Config, "--workers", "1", "--out", Path.Combine(Dir, "serial"));
        Assert.True(code == 0, err);
        Assert.Contains("hopper: BaseUnsteered", output);
    }

    public string Dir { get; } = Directory.CreateTempSubdirectory("engine-locoshard-cli-").FullName;

    public string Config { get; } = "";

    /// <summary>The serial run's robot folder.</summary>
    public string Robot => Path.Combine(Dir, "serial", "hopper");

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}

/// <summary>
/// `engine locomotion experiment --shard k/n` (issue 19): the rollout conditions of a tiny Hopper run with a one-cell
/// guidance grid and the second base (seven conditions) split by hand two and three ways into one --out give the serial
/// run's models, episodes, figures and report; the shard that finishes last writes the report; another shard's damaged
/// rollouts are refused in one line naming the file.
/// </summary>
[Collection("console")]
public sealed class LocomotionShardCliTests(SerialTinyLocomotion serial) : IClassFixture<SerialTinyLocomotion>
{
    private (int Code, string Out, string Err) Shard(string folder, string shard) =>
        EngineRunner.Run("locomotion", "experiment", "--config", serial.Config, "--workers", "1", "--shard", shard, "--out", Path.Combine(serial.Dir, folder));

    [MuJoCoFact]
    public void Shards_by_hand_two_and_three_ways_give_the_serial_runs_results()
    {
        foreach (var (folder, order) in new[] { ("two", new[] { 1, 2 }), ("three", new[] { 3, 1, 2 }) })
        {
            int n = order.Length;
            for (int i = 0; i < n; i++)
            {
                var (code, output, err) = Shard(folder, $"{order[i]}/{n}");
                Assert.True(code == 0, err);
                Assert.Contains($"shard {order[i]}/{n}: ", output);
                Assert.Contains("of the sweep's 7 rollout conditions: hopper ", output);
                string report = Path.Combine(serial.Dir, folder, "hopper", "report.md");
                if (i < n - 1)
                {
                    Assert.Contains("hopper: this shard's conditions are done; waiting for ", output);
                    Assert.False(File.Exists(report), $"{folder}: a report before the last shard");
                }
                else
                {
                    Assert.Contains("hopper: BaseUnsteered", output);
                    Assert.True(File.Exists(report));
                }
            }
            TinyLocomotionRun.AssertSameResults(serial.Robot, Path.Combine(serial.Dir, folder, "hopper"));
        }
        // Shard 1/3 holds Table 1's first three conditions; 2/3 the expert and the grid cell; 3/3 the second base's two.
        var (_, last, _) = Shard("three", "3/3");
        Assert.Contains("shard 3/3: 2 of the sweep's 7 rollout conditions: hopper SecondBaseUnsteered, SecondBaseReward", last);
    }

    [MuJoCoFact]
    public void A_damaged_rollouts_file_of_another_shard_is_refused_naming_it()
    {
        Assert.Equal(0, Shard("damaged", "1/2").Code);
        string file = Path.Combine(serial.Dir, "damaged", "hopper", "rollouts", "BaseReward.json");
        File.WriteAllText(file, File.ReadAllText(file).Replace("\"Score\": ", "\"Score\": 1", StringComparison.Ordinal));
        var (code, _, err) = Shard("damaged", "2/2");
        var (what, where, _) = EngineRunner.AssertOneErrorLine(code, err, $"('{file}')");
        Assert.Equal(("corrupt rollouts file", $"'{file}'"), (what, where));
    }

    [Fact]
    public void A_shard_that_is_not_k_of_n_is_refused_at_the_option()
    {
        var (code, _, err) = EngineRunner.Run("locomotion", "experiment", "--shard", "3/2", "--out", Path.Combine(Path.GetTempPath(), "engine-never-written"));
        EngineRunner.AssertOneErrorLine(code, err, "invalid value '3/2' (--shard): needs 1 ≤ k ≤ n");
    }
}
