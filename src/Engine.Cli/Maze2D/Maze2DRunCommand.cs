using System.CommandLine;
using Engine.Experiments.Maze2D;

namespace Engine.Cli.Maze2D;

/// <summary>
/// `engine maze2d` (no subcommand): the reward-extraction experiment. Settings come from the small default,
/// or `--preset paper`, then a JSON `--config`, then the individual options; the resolved configuration is
/// printed first and saved with the results.
/// </summary>
internal static class Maze2DRunCommand
{
    public static void Attach(Command command)
    {
        var config = new Option<string?>("--config") { Description = "JSON configuration (see docs/reward-extraction.md); options given here override it" };
        var preset = new Option<string>("--preset") { Description = "small (minutes on a laptop) or paper (the paper's sizes; days on a CPU)", DefaultValueFactory = _ => "small" };
        var output = new Option<string>("--out", "-o") { Description = "output folder: data, checkpoints, report (a rerun resumes there)", DefaultValueFactory = _ => "runs/maze2d" };
        var maze = new Option<string?>("--maze") { Description = "open, umaze, medium or large" };
        var goals = new Option<string?>("--goals") { Description = "paper goal numbers, e.g. 1,4,8 or all" };
        var seeds = new Option<string?>("--seeds") { Description = "reward seeds, e.g. 0,1,2" };
        var size = new Option<string?>("--size") { Description = "transitions per dataset, e.g. 100k, 1m, 10m" };
        var diffusionSteps = new Option<int?>("--diffusion-steps") { Description = "training steps of each diffusion model" };
        var rewardSteps = new Option<int?>("--reward-steps") { Description = "training steps of each reward network" };
        var algorithm = new Option<int?>("--algorithm") { Description = "1: pairs from data; 2: pairs from the two models alone" };
        var window = new Option<int?>("--window") { Description = "reward window length h (must divide the horizon)" };
        var horizon = new Option<int?>("--horizon") { Description = "trajectory length H of the diffusion models" };
        var printConfig = new Option<bool>("--print-config") { Description = "print the resolved configuration as JSON and exit" };
        var device = new Option<string?>("--device") { Description = "cpu, cuda, opencl or ilgpu-cpu (default: ENGINE_DEVICE, else the best available)" };
        foreach (var o in new Option[] { config, preset, output, maze, goals, seeds, size, diffusionSteps, rewardSteps, algorithm, window, horizon, printConfig, device })
            command.Options.Add(o);

        command.SetAction(result => CliErrors.Run(() =>
        {
            if (result.GetValue(device) is { } dev) DeviceSetup.Use(dev);
            var c = result.GetValue(preset)!.ToLowerInvariant() switch
            {
                "small" => new Maze2DConfig(),
                "paper" => Maze2DConfig.Paper(result.GetValue(maze) ?? "umaze"),
                var other => throw InputException.InvalidValue("--preset", other, "expected small or paper"),
            };
            string? configFile = result.GetValue(config) is { } path ? CliPaths.InputFile("--config", path) : null;
            if (configFile is not null) c = Maze2DConfig.Load(configFile);
            if (result.GetValue(maze) is { } m) c = c with { Maze = m };
            if (result.GetValue(goals) is { } gs) c = c with { Goals = gs.Trim().ToLowerInvariant() == "all" ? [1, 2, 3, 4, 5, 6, 7, 8] : IntegerList("--goals", gs) };
            if (result.GetValue(seeds) is { } ss) c = c with { Seeds = IntegerList("--seeds", ss) };
            if (result.GetValue(size) is { } sz)
            {
                long n = Maze2DArguments.ParseSize(sz);
                c = c with { Data = c.Data with { BaseSize = n, ExpertSize = n } };
            }
            if (result.GetValue(diffusionSteps) is { } ds) c = c with { Diffusion = c.Diffusion with { TrainSteps = ds } };
            if (result.GetValue(horizon) is { } hz) c = c with { Diffusion = c.Diffusion with { Horizon = hz } };
            if (result.GetValue(rewardSteps) is { } rs) c = c with { Reward = c.Reward with { TrainSteps = rs } };
            if (result.GetValue(algorithm) is { } al) c = c with { Reward = c.Reward with { Algorithm = al } };
            if (result.GetValue(window) is { } w) c = c with { Reward = c.Reward with { WindowHorizon = w } };
            c = SettingErrors.Check(c.Validated, result,
            [
                (maze, "$.maze"), (goals, "$.goals"), (seeds, "$.seeds"), (size, "$.data.baseSize"), (size, "$.data.expertSize"),
                (diffusionSteps, "$.diffusion.trainSteps"), (horizon, "$.diffusion.horizon"), (rewardSteps, "$.reward.trainSteps"),
                (algorithm, "$.reward.algorithm"), (window, "$.reward.windowHorizon"),
            ], configFile);
            if (result.GetValue(printConfig))
            {
                Console.WriteLine(c.ToJson());
                return 0;
            }
            var outDir = CliPaths.OutputFolder("--out", result.GetValue(output)!);
            CrashLog.Folder = outDir;
            using var runLock = Engine.IO.RunFolderLock.Acquire(outDir); // a second run into the same folder is refused before any output
            Engine.IO.StaleTemporaries.Clean(outDir, recursive: true); // what a killed run left behind
            Console.WriteLine("configuration:");
            Console.WriteLine(c.ToJson());
            Console.CancelKeyPress += (_, _) => Console.Error.WriteLine("interrupted: rerun the same command to resume from the last checkpoint");
            Maze2DExperiment? experiment = null;
            var results = ConsoleProgress.Run(progress =>
            {
                experiment = new Maze2DExperiment(c, outDir, progress);
                return experiment.Run();
            });
            Console.WriteLine($"goal accuracy {results.GoalAccuracy} (paper 78.12 % ± 6.40 %); held-out discriminability {100 * results.MeanDiscriminability:F2} % (paper 83.76 %)");
            Console.WriteLine($"report: {experiment!.ReportPath}");
            return 0;
        }));
    }

    private static int[] IntegerList(string option, string text) =>
        OptionLists.Integers(option, text, $"must be a comma-separated list of integers from 0 to {int.MaxValue}");
}
