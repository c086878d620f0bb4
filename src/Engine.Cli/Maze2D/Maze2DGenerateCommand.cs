using System.CommandLine;
using Engine.Envs.Maze2D;
using Spectre.Console;

namespace Engine.Cli.Maze2D;

/// <summary>`engine maze2d generate`: writes one of the paper's Maze2D datasets as a D4RL-layout HDF5 file.</summary>
internal static class Maze2DGenerateCommand
{
    public static Command Create()
    {
        var maze = new Option<string?>("--maze") { Description = "open, umaze, medium, large, or a D4RL id (maze2d-medium-v1)" };
        var layout = new Option<string?>("--layout") { Description = "a maze layout file in D4RL's character format (# wall, O free, G goal), instead of --maze" };
        var kind = new Option<string>("--kind") { Description = "general (new random goal every episode) or expert (fixed --goal)", DefaultValueFactory = _ => "general" };
        var goal = new Option<string?>("--goal") { Description = "expert goal: paper goal number 1-8 or 'row,col'" };
        var size = new Option<string>("--size") { Description = "transitions, e.g. 10k, 1m, 10m", DefaultValueFactory = _ => "1m" };
        var seed = new Option<ulong>("--seed") { Description = "random seed", DefaultValueFactory = _ => 0UL };
        var output = new Option<string>("--output", "-o") { Description = "output .hdf5 path", Required = true };
        var controller = new Option<string>("--controller") { Description = "fork (the paper authors' generator) or official (D4RL's)", DefaultValueFactory = _ => "fork" };
        var weighting = new Option<string>("--weighting") { Description = "area (uniform in free space, as the paper says) or inverse-area (as the fork's code does)", DefaultValueFactory = _ => "area" };
        var workers = new Option<int>("--streams") { Description = "independent generator streams (part of what the seed means)", DefaultValueFactory = _ => 16 };
        var command = new Command("generate", "Generate a Maze2D dataset (waypoint controller, D4RL HDF5 layout).")
        {
            maze, layout, kind, goal, size, seed, output, controller, weighting, workers,
        };
        command.SetAction(result => CliErrors.Run(() =>
        {
            var task = Maze2DArguments.Task(result, maze, layout);
            var datasetKind = result.GetValue(kind)!.ToLowerInvariant() switch
            {
                "general" => DatasetKind.General,
                "expert" => DatasetKind.Expert,
                var other => throw InputException.InvalidValue("--kind", other, "must be general or expert"),
            };
            string? goalText = result.GetValue(goal);
            if (datasetKind == DatasetKind.Expert && goalText is null) throw new InputException("missing option", "--goal", "--kind expert needs a goal (1-8 or 'row,col')");
            if (datasetKind == DatasetKind.General && goalText is not null) throw new InputException("option not applicable", "--goal", "applies only to --kind expert");
            var (settings, envOptions) = result.GetValue(controller)!.ToLowerInvariant() switch
            {
                "fork" => (WaypointControllerSettings.ForkFor(task.Layout), Maze2DOptions.RelativeRewardFork),
                "official" => (WaypointControllerSettings.Official, Maze2DOptions.Official),
                var other => throw InputException.InvalidValue("--controller", other, "must be fork or official"),
            };
            var cellWeighting = result.GetValue(weighting)!.ToLowerInvariant() switch
            {
                "area" => CellWeighting.Area,
                "inverse-area" => CellWeighting.InverseArea,
                var other => throw InputException.InvalidValue("--weighting", other, "must be area or inverse-area"),
            };
            var spec = new Maze2DDatasetSpec(task, datasetKind, Maze2DArguments.ParseSize(result.GetValue(size)!), result.GetValue(seed),
                goalText is null ? null : Maze2DArguments.ParseGoal(task, goalText), settings, envOptions,
                Weighting: cellWeighting, Workers: Maze2DArguments.InRange("--streams", result.GetValue(workers), 1, Maze2DDatasetSpec.MaxWorkers));
            SettingErrors.Check(() => { spec.Validate(); return spec; }, result, [(size, "Size"), (goal, "Goal"), (workers, "Workers")]);
            string path = CliPaths.OutputFile("-o", result.GetValue(output)!);
            CrashLog.Folder = Path.GetDirectoryName(Path.GetFullPath(path));
            GenerationProgress summary = default;
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .Start(context =>
                {
                    var bar = context.AddTask($"{task.Id} {datasetKind.ToString().ToLowerInvariant()}", maxValue: spec.Size);
                    summary = Maze2DDatasetGenerator.Generate(spec, path, new Reporter(p => bar.Value = p.Written));
                    bar.Value = spec.Size;
                });
            Console.WriteLine($"wrote {summary.Written:N0} transitions in {summary.Episodes:N0} episodes ({summary.Discarded:N0} discarded) to {path}");
            return 0;
        }));
        return command;
    }

    /// <summary>Forwards progress synchronously (Progress&lt;T&gt; would post to the thread pool and reorder updates).</summary>
    private sealed class Reporter(Action<GenerationProgress> report) : IProgress<GenerationProgress>
    {
        public void Report(GenerationProgress value) => report(value);
    }
}
