using System.Text.Json;
using Engine.Experiments.Maze2D;

namespace Engine.Cli.Tests;

/// <summary>`engine maze2d --layout FILE` (issue 24): a user maze end to end at the micro size, and a resumed run that cannot mix layouts.</summary>
[Collection("console")]
public sealed class Maze2DLayoutCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("engine-layout-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Bend = "#######\n#OO#OO#\n#OOOOG#\n#######\n";

    private (string Config, string Layout) Inputs(string rows)
    {
        string config = Path.Combine(_dir, "tiny.json"), layout = Path.Combine(_dir, "bend.txt");
        File.WriteAllText(config, TinyMazeRun.Config.ToJson());
        File.WriteAllText(layout, rows);
        return (config, layout);
    }

    [Fact]
    public void A_user_maze_runs_end_to_end_at_the_micro_size()
    {
        var (config, layout) = Inputs(Bend);
        string run = Path.Combine(_dir, "run");
        var (code, stdout, err) = EngineRunner.Run("maze2d", "--config", config, "--layout", layout, "--goal-at", "1.2,4.6", "--out", run);
        Assert.True(code == 0, err);
        Assert.Contains("report:", stdout);
        var saved = Maze2DConfig.Load(Path.Combine(run, "config.json"));
        Assert.Equal("bend", saved.Maze);
        Assert.Equal(Bend.TrimEnd('\n').Split('\n'), saved.Layout);
        Assert.Equal([MazeGoal.At(1.2, 4.6)], saved.Goals); // --goal-at replaces the file's numbered goal
        var result = JsonSerializer.Deserialize<GoalRunResult>(File.ReadAllText(Path.Combine(Maze2DExperiment.RunFolder(run, MazeGoal.At(1.2, 4.6), 0), "result.json")), Maze2DResults.Json)!;
        Assert.Equal(("bend", 1.2, 4.6), (result.Maze, result.GoalX, result.GoalY));
        Assert.Equal(GoalCriteria.Chance(saved, result.Goal), (result.ChanceWithinOneCell, result.ChanceNearestGoal));
        Assert.InRange(result.ChanceNearestGoal, 0.01, 0.5); // against the maze's 9 free cell centres, not a vacuous 100 %
        Assert.True(File.Exists(Path.Combine(run, result.Heatmap)));
        Assert.Contains("maze2d-custom-bend", File.ReadAllText(Path.Combine(run, "report.md")));
        // The layout's hash is in the data's names, so another layout of the same name cannot pick them up.
        Assert.Single(Directory.GetFiles(Path.Combine(run, "data"), "bend-*-general-3000-runseed0.hdf5"));

        // Rendering and generation take the same file.
        string png = Path.Combine(_dir, "bend.png"), hdf5 = Path.Combine(_dir, "bend.hdf5");
        Assert.Equal(0, EngineRunner.Run("maze2d", "render", "--layout", layout, "--goal", "2,5", "--field", "dense", "-o", png).Code);
        Assert.True(new FileInfo(png).Length > 0);
        Assert.Equal(0, EngineRunner.Run("maze2d", "generate", "--layout", layout, "--kind", "expert", "--goal", "1,1", "--size", "2k", "-o", hdf5).Code);
        Assert.Equal(2000, Engine.Envs.Datasets.D4rlHdf5.Read(hdf5).Count);
    }

    [Fact]
    public void Rerunning_a_folder_with_an_edited_layout_of_the_same_name_is_refused_not_mixed()
    {
        var (config, layout) = Inputs(Bend);
        string run = Path.Combine(_dir, "run");
        Assert.Equal(0, EngineRunner.Run("maze2d", "--config", config, "--layout", layout, "--out", run).Code);
        File.WriteAllText(layout, Bend.Replace("#OO#OO#", "#OOOOO#"));
        var (code, _, err) = EngineRunner.Run("maze2d", "--config", config, "--layout", layout, "--out", run);
        EngineRunner.AssertOneErrorLine(code, err, "error: checkpoint of another configuration");
    }
}
