using Engine.Diffusion;
using Engine.Experiments.Locomotion.Steering;
using Engine.Experiments.Reporting;

namespace Engine.Experiments.Tests;

/// <summary>The shared report writer and the combined locomotion table read back from the robots' report.json files.</summary>
public class LocomotionTableTests
{
    /// <summary>Results of a made-up run: the reward condition shifted by <paramref name="rewardShift"/> over unsteered.</summary>
    private static LocomotionResults Results(string env, string baseData, double rewardShift, int episodes = 24)
    {
        var rng = new Random(env.Length * 31 + (int)(rewardShift * 10));
        List<RolloutEpisode> Condition(double mean) => Enumerable.Range(0, episodes)
            .Select(i => new RolloutEpisode(i, 0, 100, i % 3 == 0, false, mean + 4 * (rng.NextDouble() - 0.5))).ToList();
        var config = LocomotionExperimentConfig.Small(env) with { BaseData = baseData };
        var guide = new GuideOptions(0.1, TStopgrad: 2);
        return new LocomotionResults(config, "made up", new Dictionary<string, List<RolloutEpisode>>
        {
            [nameof(Locomotion.Steering.Condition.BaseUnsteered)] = Condition(20),
            [nameof(Locomotion.Steering.Condition.BaseDiscriminator)] = Condition(21),
            [nameof(Locomotion.Steering.Condition.BaseReward)] = Condition(20 + rewardShift),
            [nameof(Locomotion.Steering.Condition.ExpertUnsteered)] = Condition(60),
        }, guide, guide, new Dictionary<string, double> { ["reward"] = 12 }, new Dictionary<string, double> { ["BaseReward"] = 30 });
    }

    [Fact]
    public void ARobotSummaryRoundTripsThroughItsReportJson()
    {
        string dir = Directory.CreateTempSubdirectory("engine-loctable-").FullName;
        try
        {
            var r = Results("hopper", "base", 5);
            LocomotionReport.Write(r, new Dictionary<string, LossCurve>(), dir);
            var read = LocomotionSummary.Read(Path.Combine(dir, "report.json"));
            var expected = LocomotionSummary.Of(r);
            Assert.Equal(expected.Env, read.Env);
            Assert.Equal(expected.RewardVsUnsteered, read.RewardVsUnsteered);
            foreach (var c in expected.Conditions)
                Assert.Equal(c, read[c.Name] with { StepsPerSecond = c.StepsPerSecond }, new SummaryComparer());
            Assert.Equal(r.Scores(Locomotion.Steering.Condition.BaseReward).Average(), read[nameof(Locomotion.Steering.Condition.BaseReward)].Mean, 12);
            Assert.Equal(8, read[nameof(Locomotion.Steering.Condition.BaseReward)].Fell); // i % 3 == 0 of 24
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private sealed class SummaryComparer : IEqualityComparer<ConditionSummary>
    {
        public bool Equals(ConditionSummary? a, ConditionSummary? b) => a!.Name == b!.Name && a.Episodes == b.Episodes && a.Mean == b.Mean &&
            a.StandardError == b.StandardError && a.Min == b.Min && a.Max == b.Max && a.Fell == b.Fell;
        public int GetHashCode(ConditionSummary c) => c.Name.GetHashCode(StringComparison.Ordinal);
    }

    [Fact]
    public void TheCombinedTableCountsTheCriteriaAndSeparatesTheBaseDatasets()
    {
        string root = Directory.CreateTempSubdirectory("engine-loctable-").FullName;
        try
        {
            // Two robots where the reward clearly helps, one where it does not; and a medium-base run apart.
            foreach (var (env, shift, baseData, folder) in new[] { ("hopper", 6.0, "base", "a/hopper"), ("walker2d", 8.0, "base", "a/walker2d"), ("halfcheetah", 0.0, "base", "b"), ("hopper", 3.0, "medium", "c/hopper") })
                LocomotionReport.Write(Results(env, baseData, shift), new Dictionary<string, LossCurve>(), Path.Combine(root, folder));
            var summaries = LocomotionTable.Collect([Path.Combine(root, "a"), Path.Combine(root, "b"), Path.Combine(root, "c")]);
            Assert.Equal(4, summaries.Count);
            LocomotionTable.Write(summaries, root);
            string md = File.ReadAllText(Path.Combine(root, "table.md"));
            Assert.Contains("Reward above unsteered with p < 0.05: 2 of 3 robots", md);
            Assert.Contains("Base model trained on medium data", md);
            Assert.Contains("24.67 / 25.12 / 27.04", md); // the paper's hopper row beside ours
            Assert.Contains("| mean |", md);
            Assert.True(File.Exists(Path.Combine(root, "table.json")));
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    [Fact]
    public void CollectRefusesAFolderWithoutReportsAndTwoReportsOfOneRobot()
    {
        string root = Directory.CreateTempSubdirectory("engine-loctable-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "empty"));
            var e = Assert.Throws<InvalidDataException>(() => LocomotionTable.Collect([Path.Combine(root, "empty")]));
            Assert.Contains("empty", e.Message);
            LocomotionReport.Write(Results("hopper", "base", 1), new Dictionary<string, LossCurve>(), Path.Combine(root, "x", "hopper"));
            LocomotionReport.Write(Results("hopper", "base", 2), new Dictionary<string, LossCurve>(), Path.Combine(root, "y", "hopper"));
            Assert.Contains("two reports for hopper", Assert.Throws<InvalidDataException>(() => LocomotionTable.Collect([Path.Combine(root, "x"), Path.Combine(root, "y")])).Message);
            File.WriteAllText(Path.Combine(root, "x", "hopper", "report.json"), "{\"runs\": []}");
            Assert.Contains("no locomotion summary", Assert.Throws<InvalidDataException>(() => LocomotionSummary.Read(Path.Combine(root, "x", "hopper", "report.json"))).Message);
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    [Fact]
    public void ReportTablesEscapePipesAndRefuseRaggedRows()
    {
        var r = new Report().Heading(1, "t").Table(["a", "b"], [["x|y", "1"]]);
        Assert.Contains("| x\\|y | 1 |", r.Markdown);
        Assert.Throws<ArgumentException>(() => new Report().Table(["a", "b"], [["only one"]]));
        Assert.Equal("1.50 ± 0.25", Report.MeanSe(1.5, 0.25));
    }
}
