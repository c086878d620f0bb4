using System.CommandLine;
using Engine.Envs.Datasets;
using Engine.Envs.Maze2D;
using Engine.Plot;

namespace Engine.Cli.Maze2D;

/// <summary>`engine maze2d render`: a PNG of a maze with an optional reward field and dataset trajectories.</summary>
internal static class Maze2DRenderCommand
{
    public static Command Create()
    {
        var maze = new Option<string?>("--maze") { Description = "open, umaze, medium, large (or eval variants / a D4RL id)" };
        var layout = new Option<string?>("--layout") { Description = "a maze layout file in D4RL's character format (# wall, O free, G goal), instead of --maze" };
        var output = new Option<string>("--output", "-o") { Description = "output .png path", Required = true };
        var dataset = new Option<string?>("--dataset") { Description = "D4RL-layout .hdf5 whose first episodes are drawn" };
        var episodes = new Option<int>("--episodes") { Description = "episodes to draw from --dataset", DefaultValueFactory = _ => 10 };
        var field = new Option<string>("--field") { Description = "none, sparse or dense reward for --goal", DefaultValueFactory = _ => "none" };
        var goal = new Option<string?>("--goal") { Description = "goal for the field and marker: 1-8 or 'row,col'" };
        var cell = new Option<int>("--cell") { Description = "pixels per maze cell", DefaultValueFactory = _ => 48 };
        var physical = new Option<bool>("--physical-walls") { Description = "outline the physical wall boxes (0.2 off the grid)" };
        var command = new Command("render", "Render a maze to PNG: walls, reward field, trajectories, start and goal markers.")
        {
            maze, layout, output, dataset, episodes, field, goal, cell, physical,
        };
        command.SetAction(result => CliErrors.Run(() =>
        {
            string? name = result.GetValue(maze);
            var task = name is not null && result.GetValue(layout) is null && MazeLayout.All.FirstOrDefault(l => string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase)) is { } builtIn
                ? Maze2DTask.Paper.FirstOrDefault(t => t.Layout == builtIn) ?? Maze2DTask.Custom(builtIn) // eval variants and "small" have no paper task
                : Maze2DArguments.Task(result, maze, layout);
            var mazeLayout = task.Layout;
            string outPath = CliPaths.OutputFile("-o", result.GetValue(output)!);
            int episodeCount = Maze2DArguments.InRange("--episodes", result.GetValue(episodes), 0, int.MaxValue);
            string? datasetPath = result.GetValue(dataset) is { } d ? CliPaths.InputFile("--dataset", d) : null;
            var renderer = new MazeRenderer(mazeLayout, Maze2DArguments.InRange("--cell", result.GetValue(cell), MazeRenderer.MinCellPixels, MazeRenderer.MaxCellPixels, " pixels"));
            string? goalText = result.GetValue(goal);
            (double X, double Y)? target = goalText is null ? null
                : Maze2DArguments.ParseGoal(task, goalText);
            string fieldKind = result.GetValue(field)!.ToLowerInvariant();
            if (fieldKind != "none")
            {
                if (target is not var (gx, gy)) throw new InputException("missing option", "--goal", "--field needs a goal");
                Func<double, double, double> f = fieldKind switch
                {
                    "sparse" => (x, y) => Math.Sqrt((x - gx) * (x - gx) + (y - gy) * (y - gy)) <= 0.5 ? 1 : 0,
                    "dense" => (x, y) => Math.Exp(-Math.Sqrt((x - gx) * (x - gx) + (y - gy) * (y - gy))),
                    _ => throw InputException.InvalidValue("--field", fieldKind, "must be none, sparse or dense"),
                };
                const int perCell = 10;
                renderer.DrawField(MazeRenderer.SampleField(mazeLayout, f, perCell), mazeLayout.Rows * perCell, mazeLayout.Cols * perCell);
            }
            renderer.DrawWalls(physicalOutline: result.GetValue(physical));
            string title = mazeLayout.Name;
            if (datasetPath is string path)
            {
                var data = D4rlHdf5.Read(path);
                if (data.ObservationDim < 2) throw new InputException("not a Maze2D dataset", $"--dataset '{path}'", $"{data.ObservationDim}-dimensional observations; Maze2D needs (x, y) first");
                var list = data.Episodes().Take(episodeCount).ToList();
                for (int e = 0; e < list.Count; e++)
                {
                    var (start, end) = list[e];
                    var points = Enumerable.Range(start, end - start).Select(t => ((double)data.Observations[t * data.ObservationDim], (double)data.Observations[t * data.ObservationDim + 1])).ToList();
                    renderer.DrawTrajectory(points, Color.Palette[e % Color.Palette.Count].WithAlpha(200));
                    renderer.DrawStart(points[0].Item1, points[0].Item2);
                    if (target is null && data.Info("goal") is { Spec.Width: 2 } goals) // (x, y) goals; another column of that name is not drawn
                        renderer.DrawGoal(goals.Values[2 * start], goals.Values[2 * start + 1], Color.Palette[e % Color.Palette.Count]);
                }
                title += $"  {list.Count} episodes of {Path.GetFileName(path)}";
            }
            if (target is var (tx, ty)) renderer.DrawGoal(tx, ty);
            renderer.DrawTitle(title);
            renderer.Save(outPath);
            Console.WriteLine($"wrote {outPath}");
            return 0;
        }));
        return command;
    }
}
