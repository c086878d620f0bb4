using Engine.Experiments.Maze2D;

namespace Engine.Experiments.Tests;

/// <summary>`--preset paper` against the authors' per-maze, per-goal reward table.</summary>
public class Maze2DPaperPresetTests
{
    /// <summary>
    /// docs/reference-facts.md §3.1, the table of per-goal settings, copied row by row: each cell is
    /// "h / dim_mults / train_dataset" for goals 1…8.
    /// </summary>
    private static readonly Dictionary<string, string> SpecRows = new()
    {
        ["open"] = "| open-v0 h / mults / data | 64 / 32,16,8 / mixed | 64 / 32,16,8 / mixed | 64 / 32,16,8 / general | 256 / 8 / general | 64 / 8 / general | 64 / 8 / general | 64 / 8 / general | 64 / 8 / general |",
        ["umaze"] = "| umaze-v0 | 4 / 32,16,8 / general | 256 / 32,16,8 / general | 64 / 8 / general | 4 / 32,16,8 / general | 4 / 32,16,8 / general | 256 / 8 / general | 256 / 32,16,8 / general | 64 / 32,16,8 / general |",
        ["medium"] = "| medium-v1 | 4 / 32,16,8 / general | 4 / 8 / general | 64 / 8 / general | 64 / 8 / mixed | 4 / 32,16,8 / general | 4 / 32,16,8 / general | 64 / 8 / general | 4 / 32,16,8 / general |",
        ["large"] = "| large-v1 | 4 / 32,16,8 / general | 4 / 32,16,8 / expert | 64 / 32,16,8 / mixed | 64 / 32,16,8 / mixed | 64 / 32,16,8 / mixed | 4 / 32,16,8 / mixed | 1 / 8 / general | 4 / 8 / general |",
    };

    public static TheoryData<string, int> MazesAndGoals()
    {
        var data = new TheoryData<string, int>();
        foreach (var maze in SpecRows.Keys)
            for (int goal = 1; goal <= 8; goal++) data.Add(maze, goal);
        return data;
    }

    [Theory]
    [MemberData(nameof(MazesAndGoals))]
    public void Every_goal_gets_the_authors_window_widths_and_training_data(string maze, int goal)
    {
        var cells = SpecRows[maze].Split('|', StringSplitOptions.TrimEntries)[2..^1];
        Assert.Equal(8, cells.Length);
        var parts = cells[goal - 1].Split('/', StringSplitOptions.TrimEntries);
        var c = Maze2DConfig.Paper(maze).Validated();
        var r = c.RewardFor(goal);
        Assert.Equal(int.Parse(parts[0]), r.WindowHorizon);
        Assert.Equal(parts[1].Split(',').Select(int.Parse).ToArray(), r.DimMults);
        Assert.Equal(parts[2], r.TrainData);
        // The settings the table does not vary (docs/reference-facts.md §3, Table 5).
        Assert.Equal((4, 32, "leaky-relu", 256, 5e-5, 100_000), (r.Dim, r.EmbedDim, r.Activation, r.BatchSize, r.LearningRate, r.TrainSteps));
        Assert.Equal((256, 100, 10_000_000L), (c.Diffusion.Horizon, c.Diffusion.Steps, c.Data.BaseSize));
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], c.Goals);
        Assert.Equal(Maze2DSeeds.Test, c.Seeds);
    }

    [Fact]
    public void Per_goal_settings_survive_a_json_round_trip_and_are_validated()
    {
        var c = Maze2DConfig.Paper("large");
        var dir = Directory.CreateTempSubdirectory("engine-maze2d-preset-").FullName;
        try
        {
            var path = Path.Combine(dir, "c.json");
            File.WriteAllText(path, c.ToJson());
            var back = Maze2DConfig.Load(path);
            Assert.Equal(c.ToJson(), back.ToJson());
            Assert.Equal(1, back.RewardFor(7).WindowHorizon);
            File.WriteAllText(path, "{ \"reward\": { \"perGoal\": { \"3\": null } } }");
            Assert.Contains("($.reward.perGoal.3): must not be null", Assert.Throws<Engine.IO.InputException>(() => Maze2DConfig.Load(path).Validated()).Message);
        }
        finally { Directory.Delete(dir, true); }

        // Umaze's goal 2 uses h = 256, which a shorter horizon cannot hold.
        var umaze = Maze2DConfig.Paper("umaze");
        var e = Assert.Throws<Engine.IO.InputException>(() => (umaze with { Diffusion = umaze.Diffusion with { Horizon = 128 } }).Validated());
        Assert.Contains("invalid value '256' ($.reward.perGoal.2.windowHorizon): must divide diffusion.horizon 128", e.Message);
        var foreign = c with { Reward = c.Reward with { PerGoal = new() { [9] = new Maze2DConfig.GoalRewardSettings { TrainData = "mixed" } } } };
        Assert.Contains("invalid value '9' ($.reward.perGoal): not a paper goal number", Assert.Throws<Engine.IO.InputException>(() => foreign.Validated()).Message);
        var data = c with { Reward = c.Reward with { PerGoal = new() { [1] = new Maze2DConfig.GoalRewardSettings { TrainData = "both" } } } };
        Assert.Contains("invalid value 'both' ($.reward.perGoal.1.trainData)", Assert.Throws<Engine.IO.InputException>(() => data.Validated()).Message);
    }

    [Fact]
    public void A_goal_without_an_entry_uses_the_shared_settings()
    {
        var c = new Maze2DConfig { Reward = new Maze2DConfig.RewardSettings { WindowHorizon = 8, PerGoal = new() { [3] = new Maze2DConfig.GoalRewardSettings { DimMults = [8] } } } };
        Assert.Equal((8, "general"), (c.RewardFor(1).WindowHorizon, c.RewardFor(1).TrainData));
        Assert.Equal([32, 16, 8], c.RewardFor(1).DimMults);
        Assert.Equal(8, c.RewardFor(3).WindowHorizon);
        Assert.Equal([8], c.RewardFor(3).DimMults);
        Assert.Empty(c.RewardFor(3).PerGoal);
    }
}
