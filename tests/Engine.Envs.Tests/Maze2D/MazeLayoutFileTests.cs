using Engine.Envs.Maze2D;
using Engine.IO;

namespace Engine.Envs.Tests.Maze2D;

/// <summary>User maze layouts in D4RL's character format (issue 24): the checks on load, and the simulator, controller and generator on one.</summary>
public sealed class MazeLayoutFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("engine-layout-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A bend with a side pocket: 4 × 7, free cells in two rows, the goal at (2, 5).</summary>
    internal const string Bend = "#######\n#OO#OO#\n#OOOOG#\n#######\n";

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void A_valid_file_loads_with_its_name_rows_and_goal_cell()
    {
        var layout = MazeLayoutFile.Load(Write("Bend.txt", Bend.Replace("\n", "\r\n") + "\n"));
        Assert.Equal("bend", layout.Name);
        Assert.Equal((4, 7), (layout.Rows, layout.Cols));
        Assert.Equal([(2, 5)], layout.GoalCells);
        Assert.Equal(9, layout.FreeCells.Count);
        Assert.True(layout.IsWall(1, 3) && layout.IsFree(2, 3));
    }

    [Theory]
    [InlineData("#####\n#OOO#\n#OO#\n#####\n", "line 3", "the row has 4 characters, the first row 5")]
    [InlineData("#####\n#OOO#\n#O#O#\nO####\n", "line 4, column 1", "'O' on the border")]
    [InlineData("#####\n#OOOO\n#####\n", "line 2, column 5", "'O' on the border")]
    [InlineData("#####\n#O.O#\n#####\n", "line 2, column 3", "unknown character '.'")]
    [InlineData("#######\n#OO#OO#\n#######\n", "line 2, column 5", "free cell (1, 4) cannot be reached from free cell (1, 1)")]
    [InlineData("#####\n#O###\n###O#\n#####\n", "line 3, column 4", "cannot be reached")] // diagonal neighbours do not connect
    [InlineData("###\n###\n", "line 1", "no free cell")]
    [InlineData("#####\n#GOG#\n#####\n", "line 2, column 4", "a second goal cell")]
    [InlineData("\n\n", "line 1", "the layout has no rows")]
    public void A_malformed_file_is_refused_naming_the_line_and_column(string text, string where, string why)
    {
        string path = Write("maze.txt", text);
        var e = Assert.Throws<InputException>(() => MazeLayoutFile.Load(path));
        Assert.Equal("invalid maze layout", e.What);
        Assert.Equal(InputException.Location(path, where), e.Where);
        Assert.Contains(why, e.Why);
    }

    /// <summary>A configuration's layout array with a null entry (found by the loader fuzz) is refused naming the row.</summary>
    [Fact]
    public void A_missing_row_of_a_layout_array_is_refused_naming_it()
    {
        var e = Assert.Throws<InputException>(() => MazeLayoutFile.Parse("bend", ["#####", null!, "#####"], (line, column) => $"$.layout[{line - 1}]"));
        Assert.Equal("invalid maze layout", e.What);
        Assert.Equal("$.layout[1]", e.Where);
        Assert.Contains("the row is missing (null)", e.Why);
    }

    [Theory]
    [InlineData("large.txt", "is the name of a built-in maze")]
    [InlineData("my maze.txt", "may hold only letters, digits")]
    public void A_file_whose_name_cannot_name_a_maze_is_refused(string file, string why)
    {
        string path = Write(file, Bend);
        var e = Assert.Throws<InputException>(() => MazeLayoutFile.Load(path));
        Assert.Equal(InputException.Location(path), e.Where);
        Assert.Contains(why, e.Why);
    }

    [Fact]
    public void The_tag_changes_with_the_rows_not_only_the_name()
    {
        var a = MazeLayoutFile.Load(Write("bend.txt", Bend));
        var b = MazeLayoutFile.Load(Write("bend.txt", Bend.Replace("#OO#OO#", "#OOOOO#")));
        Assert.StartsWith("bend-", MazeLayoutFile.Tag(a));
        Assert.NotEqual(MazeLayoutFile.Tag(a), MazeLayoutFile.Tag(b));
        Assert.Equal(MazeLayoutFile.Tag(a), MazeLayoutFile.Tag(MazeLayoutFile.Load(Write("bend.txt", Bend))));
    }

    [Fact]
    public void The_fork_controller_drives_between_every_pair_of_free_cells_of_a_user_maze()
    {
        var task = Maze2DTask.Custom(MazeLayoutFile.Load(Write("bend.txt", Bend)));
        var settings = WaypointControllerSettings.ForkFor(task.Layout);
        var failures = new List<string>();
        foreach (var goal in task.Layout.FreeCells)
            foreach (var start in task.Layout.FreeCells)
                if (WaypointControllerTests.Solve(task, Maze2DOptions.RelativeRewardFork, settings, start, goal, 1000, 3) is null)
                    failures.Add($"{start}→{goal}");
        Assert.True(failures.Count == 0, $"not solved within 1000 steps: {string.Join(", ", failures)}");
    }

    [Fact]
    public void Expert_data_on_a_user_maze_keeps_its_goal_and_stays_in_free_space()
    {
        var task = Maze2DTask.Custom(MazeLayoutFile.Load(Write("bend.txt", Bend)));
        string path = Path.Combine(_dir, "bend-expert.hdf5");
        Maze2DDatasetGenerator.Generate(new Maze2DDatasetSpec(task, DatasetKind.Expert, 3000, 7, Goal: (1.2, 4.6)), path);
        var d = Engine.Envs.Datasets.D4rlHdf5.Read(path);
        Assert.Equal(3000, d.Count);
        var goal = d.Info("goal")!.Values;
        var free = new FreeSpaceSampler(task.Layout);
        for (int t = 0; t < d.Count; t++)
        {
            Assert.Equal(((double)1.2f, (double)4.6f), (goal[2 * t], goal[2 * t + 1]));
            double x = d.Observations[4 * t], y = d.Observations[4 * t + 1];
            Assert.True(free.DistanceToWall(x, y) >= 0.26 - 1e-6, $"row {t} at ({x}, {y}) is within the margin of a wall");
        }
        Assert.True(d.Terminals.Count(x => x) > 10, "episodes end when the controller solves the goal");
    }
}
