using System.Text.Json;
using Engine.Envs.Maze2D;
using Engine.Experiments.Maze2D;

namespace Engine.Experiments.Tests;

/// <summary>Goals given as points of the maze's grid (issue 24): identity, JSON, validation, criteria and the runs they make.</summary>
public class Maze2DPointGoalTests
{
    private static string TempDir() => Directory.CreateTempSubdirectory("engine-maze2d-points-").FullName;

    [Fact]
    public void A_point_at_a_paper_goal_gives_the_numbered_goals_data_and_result_bit_for_bit()
    {
        string numbered = TempDir(), point = TempDir();
        try
        {
            var byNumber = Maze2DPipelineTests.Tiny; // goal 2 of umaze: (1, 2)
            var byPoint = byNumber with { Goals = [MazeGoal.At(1, 2)] };
            Assert.Equal([MazeGoal.Paper(2)], byPoint.Validated().Goals);
            var a = Assert.Single(new Maze2DExperiment(byNumber, numbered).Run().Runs);
            var b = Assert.Single(new Maze2DExperiment(byPoint, point).Run().Runs);
            Assert.Equal(JsonSerializer.Serialize(a, Maze2DResults.Json), JsonSerializer.Serialize(b, Maze2DResults.Json));
            foreach (var file in new[] { "data/umaze-goal2-3000-runseed0.hdf5", "data/umaze-general-3000-runseed0.hdf5", "goal2/seed0/result.json", "goal2/seed0/reward.safetensors" })
                Assert.Equal(File.ReadAllBytes(Path.Combine(numbered, file)), File.ReadAllBytes(Path.Combine(point, file)));
        }
        finally
        {
            Directory.Delete(numbered, true);
            Directory.Delete(point, true);
        }
    }

    [Fact]
    public void A_point_goal_runs_end_to_end_on_its_own_streams_and_is_reproducible()
    {
        string first = TempDir(), second = TempDir();
        try
        {
            var c = Maze2DPipelineTests.Tiny with { Goals = [2, MazeGoal.At(2.2, 3.1)] };
            var runs = new Maze2DExperiment(c, first).Run().Runs;
            var p = Assert.Single(runs, r => !r.Goal.IsNumbered);
            Assert.Equal((2.2, 3.1), (p.GoalX, p.GoalY));
            Assert.Equal(GoalCriteria.Chance(c, p.Goal), (p.ChanceWithinOneCell, p.ChanceNearestGoal));
            string data = Path.Combine(first, "data", "umaze-goal-at-2.2_3.1-3000-runseed0.hdf5");
            var d = Engine.Envs.Datasets.D4rlHdf5.Read(data);
            var goal = d.Info("goal")!.Values; // stored as float32
            Assert.All(Enumerable.Range(0, d.Count), i => Assert.Equal(((double)2.2f, (double)3.1f), (goal[2 * i], goal[2 * i + 1])));
            Assert.NotEqual(File.ReadAllBytes(data), File.ReadAllBytes(Path.Combine(first, "data", "umaze-goal2-3000-runseed0.hdf5")));
            Assert.True(File.Exists(Path.Combine(first, p.Heatmap)));
            // The point alone, in another folder: the same numbers (its streams depend on the point, not on the run's other goals).
            var alone = Assert.Single(new Maze2DExperiment(c with { Goals = [MazeGoal.At(2.2, 3.1)] }, second).Run().Runs);
            Assert.Equal(JsonSerializer.Serialize(p, Maze2DResults.Json), JsonSerializer.Serialize(alone, Maze2DResults.Json));
        }
        finally
        {
            Directory.Delete(first, true);
            Directory.Delete(second, true);
        }
    }

    [Fact]
    public void Goals_read_and_write_as_numbers_and_x_y_strings()
    {
        var c = JsonSerializer.Deserialize<Maze2DConfig>("""{"goals":[3,"2.5,1.25",[1.5,3]]}""", Maze2DConfig.Json)!;
        Assert.Equal([MazeGoal.Paper(3), MazeGoal.At(2.5, 1.25), MazeGoal.At(1.5, 3)], c.Goals);
        Assert.Contains("\"goals\": [\n    3,\n    \"2.5,1.25\",\n    \"1.5,3\"\n  ]", c.ToJson().ReplaceLineEndings("\n"));
        var back = JsonSerializer.Deserialize<Maze2DConfig>(c.ToJson(), Maze2DConfig.Json)!;
        Assert.Equal(c.Goals, back.Goals);
    }

    [Fact]
    public void A_goal_names_its_streams_and_files_by_number_or_by_its_exact_point()
    {
        Assert.Equal(3, MazeGoal.Paper(3).Key); // numbered runs keep the stream indices they had before points existed
        var a = MazeGoal.At(2.5, 6);
        Assert.True(a.Key > 8);
        Assert.NotEqual(a.Key, MazeGoal.At(6, 2.5).Key);
        Assert.NotEqual(a.Key, MazeGoal.At(2.5, 6.000001).Key);
        Assert.Equal(("goal3", "goal-at-2.5_6"), (MazeGoal.Paper(3).FileName, a.FileName));
        Assert.Equal(a, MazeGoal.TryParse(" 2.5,6 "));
        Assert.Equal(MazeGoal.Paper(4), MazeGoal.TryParse("4"));
        Assert.All(new[] { "1,2,3", "NaN,1", "1;2", "", "x,1" }, t => Assert.Null(MazeGoal.TryParse(t)));
        Assert.Equal([MazeGoal.Paper(2), MazeGoal.Paper(7), MazeGoal.At(1, 9), MazeGoal.At(2, 1)],
            new[] { MazeGoal.At(2, 1), MazeGoal.Paper(7), MazeGoal.At(1, 9), MazeGoal.Paper(2) }.Order());
    }

    [Theory]
    [InlineData(0.5, 1, "it lies in wall cell (0, 1) of maze 'umaze'; the nearest free cell is (1, 1)")]
    [InlineData(2.6, 1.4, "it lies 0.1 from a wall of maze 'umaze', closer than the datasets' 0.26 margin; the nearest free cell is (3, 1)")] // free cell (3, 1), 0.1 from wall cell (2, 1)
    [InlineData(-3, 9, "it lies outside maze 'umaze' (rows 0-4, columns 0-4); the nearest free cell is (1, 3)")]
    [InlineData(3, 3.4, "it lies 0.1 from a wall of maze 'umaze', closer than the datasets' 0.26 margin; the nearest free cell is (3, 3)")]
    public void A_point_in_a_wall_outside_or_against_a_wall_is_refused_naming_the_nearest_free_cell(double x, double y, string why)
    {
        Assert.Contains(why, GoalPlacement.Problem(MazeLayout.UMaze, x, y));
        var e = Assert.Throws<Engine.IO.InputException>(() => (new Maze2DConfig() with { Goals = [MazeGoal.At(x, y)] }).Validated());
        Assert.Equal("$.goals", e.Where);
    }

    [Fact]
    public void A_point_competes_with_the_eight_paper_goals_and_itself_whatever_else_is_run()
    {
        var task = Maze2DTask.Named("medium");
        var point = MazeGoal.At(3.3, 1.96);
        var alone = new Maze2DConfig { Maze = "medium", Goals = [point] };
        var crowded = alone with { Goals = [1, 5, MazeGoal.At(1.48, 5.16), point] };
        var (goals, own) = GoalCriteria.Competitors(alone, point);
        Assert.Equal([.. PaperGoals.For(task), (3.3, 1.96)], goals);
        Assert.Equal(8, own);
        Assert.Equal(GoalCriteria.Chance(alone, point), GoalCriteria.Chance(crowded, point));
        Assert.True(GoalCriteria.IsNearest(alone, point, (3.2, 2.1)));
        Assert.False(GoalCriteria.IsNearest(alone, point, (2.1, 2.1))); // nearer paper goal 3 (2, 2)
        // A paper goal is judged as before points existed.
        Assert.Equal(GoalCriteria.Chance(task, 5), GoalCriteria.Chance(crowded, MazeGoal.Paper(5)));
    }

    [Fact]
    public void Random_goals_are_fixed_by_the_seed_in_free_space_and_away_from_the_paper_goals()
    {
        foreach (var maze in new[] { "open", "umaze", "medium", "large" })
        {
            var task = Maze2DTask.Named(maze);
            var goals = RandomGoals.Draw(task, maze, 8, seed: 1);
            Assert.Equal(goals, RandomGoals.Draw(task, maze, 8, seed: 1));
            Assert.NotEqual(goals, RandomGoals.Draw(task, maze, 8, seed: 2));
            Assert.Equal(8, goals.Distinct().Count());
            foreach (var g in goals)
            {
                Assert.Null(GoalPlacement.Problem(task.Layout, g.X, g.Y));
                Assert.All(PaperGoals.For(task), p => Assert.True(Math.Sqrt(Math.Pow(p.X - g.X, 2) + Math.Pow(p.Y - g.Y, 2)) >= RandomGoals.Separation, $"{maze} {g} near paper goal {p}"));
            }
            (new Maze2DConfig { Maze = maze, Goals = goals }).Validated();
        }
    }
}
