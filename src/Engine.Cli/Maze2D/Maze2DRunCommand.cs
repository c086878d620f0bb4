using System.CommandLine;
using System.Text.Json;
using Engine.Experiments.Maze2D;

namespace Engine.Cli.Maze2D;

/// <summary>
/// `engine maze2d` (no subcommand): the reward-extraction experiment on one or more mazes, or one shard of such a
/// sweep. Settings come from the small default, or `--preset paper` (per maze), then a JSON `--config`, then the
/// individual options; the resolved configuration is printed first and saved with the results.
/// </summary>
internal static class Maze2DRunCommand
{
    private static readonly string[] AllMazes = ["open", "umaze", "medium", "large"];

    public static void Attach(Command command)
    {
        var config = new Option<string?>("--config") { Description = "JSON configuration (see docs/reward-extraction.md); options given here override it" };
        var preset = new Option<string>("--preset") { Description = "small (minutes on a laptop) or paper (the paper's sizes and per-goal reward settings; days on a CPU)", DefaultValueFactory = _ => "small" };
        var output = new Option<string>("--out", "-o") { Description = "output folder: data, checkpoints, report (a rerun resumes there)", DefaultValueFactory = _ => "runs/maze2d" };
        var maze = new Option<string?>("--maze") { Description = "open, umaze, medium, large, a comma list of them, or all" };
        var goals = new Option<string?>("--goals") { Description = "paper goal numbers, e.g. 1,4,8; all; or random:N, N points drawn from free space with --goal-seed" };
        var goalAt = new Option<string[]>("--goal-at") { Description = "a goal at point row,col of the maze's grid, e.g. 2.5,6 (repeatable; added to --goals, else replaces the configuration's goals)", AllowMultipleArgumentsPerToken = false };
        var goalSeed = new Option<int>("--goal-seed") { Description = "seed of --goals random:N (the drawn points are saved in config.json)", DefaultValueFactory = _ => 0 };
        var layout = new Option<string?>("--layout") { Description = "a maze layout file in D4RL's character format (# wall, O free, G goal), instead of --maze" };
        var seeds = new Option<string?>("--seeds") { Description = $"run seeds, e.g. 0,1,2; test (= {string.Join(",", Maze2DSeeds.Test)}, for reporting) or validation (= {string.Join(",", Maze2DSeeds.Validation)}, for tuning)" };
        var size = new Option<string?>("--data-size", "--size") { Description = "transitions per dataset, e.g. 10k (the paper's dataset-size ablation), 100k, 1m, 10m" };
        var shard = new Option<string?>("--shard") { Description = "run only shard k of n of the sweep (mazes × goals × seeds), e.g. 2/4; merge with `engine maze2d report`" };
        var diffusionSteps = new Option<int?>("--diffusion-steps") { Description = "training steps of each diffusion model" };
        var rewardSteps = new Option<int?>("--reward-steps") { Description = "training steps of each reward network" };
        var algorithm = new Option<int?>("--algorithm") { Description = "1: pairs from data; 2: pairs from the two models alone" };
        var window = new Option<int?>("--window") { Description = "reward window length h for every goal (must divide the horizon)" };
        var horizon = new Option<int?>("--horizon") { Description = "trajectory length H of the diffusion models" };
        var printConfig = new Option<bool>("--print-config") { Description = "print the resolved configuration as JSON and exit" };
        var device = new Option<string?>("--device") { Description = "cpu, cuda, opencl or ilgpu-cpu (default: ENGINE_DEVICE, else the best available)" };
        var microBatches = new Option<int?>("--micro-batches") { Description = "split each diffusion and reward batch into K micro-batches added in a fixed order (same weights alone or on any number of MPI ranks)" };
        var dataParallel = new Option<bool>("--data-parallel") { Description = "under mpirun: the ranks share each training step (--micro-batches K) instead of splitting the sweep" };
        foreach (var o in new Option[] { config, preset, output, maze, goals, goalAt, goalSeed, layout, seeds, size, shard, diffusionSteps, rewardSteps, algorithm, window, horizon, printConfig, device, microBatches, dataParallel })
            command.Options.Add(o);

        command.SetAction(result => RankedRun.Run(world => CliErrors.Run(() =>
        {
            if (result.GetValue(device) is { } dev) DeviceSetup.Use(dev);
            string presetName = result.GetValue(preset)!.ToLowerInvariant();
            if (presetName is not ("small" or "paper")) throw InputException.InvalidValue("--preset", presetName, "expected small or paper");
            string? configFile = result.GetValue(config) is { } path ? CliPaths.InputFile("--config", path) : null;
            var fromFile = configFile is not null ? Maze2DConfig.Load(configFile) : null;
            string? layoutFile = result.GetValue(layout);
            if (layoutFile is not null && result.GetValue(maze) is not null) throw InputException.InvalidValue("--layout", layoutFile, "give either --maze or --layout, not both");
            if (layoutFile is not null && presetName == "paper") throw InputException.InvalidValue("--layout", layoutFile, "the paper preset exists for the paper's mazes only; use the small preset or a --config");
            var mazes = result.GetValue(maze) is { } m ? MazeList(m) : [fromFile?.Maze ?? "umaze"];
            var points = result.GetValue(goalAt) ?? [];
            var configs = mazes.Select(name =>
            {
                var c = fromFile ?? (presetName == "paper" ? Maze2DConfig.Paper(name) : new Maze2DConfig());
                // A user layout comes from --layout, or from a config file that holds one (unless --maze names a paper maze).
                if (layoutFile is not null) c = Maze2DGoalOptions.WithLayout(c, layoutFile);
                else if (c.Layout is null || result.GetValue(maze) is not null) c = c with { Maze = name, Layout = null };
                if (result.GetValue(goals) is { } || points.Length > 0)
                    c = c with { Goals = Maze2DGoalOptions.Goals(c, result.GetValue(goals), points, result.GetValue(goalSeed)) };
                if (result.GetValue(seeds) is { } ss) c = c with { Seeds = SeedList(ss) };
                if (result.GetValue(size) is { } sz)
                {
                    long n = Maze2DArguments.ParseSize(sz, "--data-size");
                    c = c with { Data = c.Data with { BaseSize = n, ExpertSize = n } };
                }
                if (result.GetValue(diffusionSteps) is { } ds) c = c with { Diffusion = c.Diffusion with { TrainSteps = ds } };
                if (result.GetValue(horizon) is { } hz) c = c with { Diffusion = c.Diffusion with { Horizon = hz } };
                if (result.GetValue(rewardSteps) is { } rs) c = c with { Reward = c.Reward with { TrainSteps = rs } };
                if (result.GetValue(algorithm) is { } al) c = c with { Reward = c.Reward with { Algorithm = al } };
                if (result.GetValue(microBatches) is { } k) c = c with { MicroBatches = k };
                if (result.GetValue(window) is { } w)
                    c = c with { Reward = c.Reward with { WindowHorizon = w, PerGoal = c.Reward.PerGoal.ToDictionary(kv => kv.Key, kv => kv.Value with { WindowHorizon = null }) } };
                return SettingErrors.Check(c.Validated, result,
                [
                    (maze, "$.maze"), (layout, "$.maze"), (layout, "$.layout"), (goals, "$.goals"), (goalAt, "$.goals"), (seeds, "$.seeds"), (size, "$.data.baseSize"), (size, "$.data.expertSize"),
                    (diffusionSteps, "$.diffusion.trainSteps"), (horizon, "$.diffusion.horizon"), (rewardSteps, "$.reward.trainSteps"),
                    (algorithm, "$.reward.algorithm"), (window, "$.reward.windowHorizon"), (microBatches, "$.microBatches"),
                ], configFile);
            }).ToList();
            var spec = result.GetValue(shard) is { } sh ? RankedRun.ParseShard(sh) : ShardSpec.Whole;
            // Under mpirun the ranks split the sweep, or with --data-parallel share every training step of every run.
            bool sharing = world.Size > 1 && result.GetValue(dataParallel);
            if (world.Size > 1)
            {
                if (result.GetValue(shard) is { } given) throw RankedRun.ShardUnderMpi(given, world, sharing);
                if (!sharing) spec = RankedRun.ShardOf(world);
            }
            var sweep = new Maze2DSweep(configs, spec);
            if (result.GetValue(printConfig))
            {
                Console.WriteLine(configs.Count == 1 ? configs[0].ToJson() : JsonSerializer.Serialize(sweep.Configs, Maze2DConfig.Json));
                return 0;
            }
            var sweepDir = CliPaths.OutputFolder("--out", result.GetValue(output)!);
            var outDir = world.Size > 1 && !sharing ? CliPaths.OutputFolder("--out", RankedRun.ShardFolder(sweepDir, spec)) : sweepDir;
            using var privateCopy = sharing ? RankedRun.DataParallelFolder(world, sweepDir) : null;
            if (privateCopy is not null) outDir = privateCopy.Folder;
            CrashLog.Folder = outDir;
            using var runLock = Engine.IO.RunFolderLock.Acquire(outDir); // a second run into the same folder is refused before any output
            Engine.IO.StaleTemporaries.Clean(outDir, recursive: true); // what a killed run left behind
            privateCopy?.Copied();
            Console.WriteLine("configuration:");
            Console.WriteLine(configs.Count == 1 ? configs[0].ToJson() : JsonSerializer.Serialize(sweep.Configs, Maze2DConfig.Json));
            if (spec != ShardSpec.Whole) Console.WriteLine($"shard {spec}: {sweep.ShardUnits.Count} of the sweep's {sweep.Units.Count} runs");
            Console.CancelKeyPress += (_, _) => Console.Error.WriteLine("interrupted: rerun the same command to resume from the last checkpoint");
            var exchange = sharing ? new Engine.Distributed.CommunicatorGradientExchange(world) : null;
            if (sharing)
                Console.WriteLine($"data-parallel: {world.Size} processes ({world.Implementation}) share every training step of {configs[0].MicroBatches} micro-batches");
            var summary = ConsoleProgress.Run(progress => sweep.Run(outDir, progress, exchange: exchange));
            PrintHeadline(summary);
            Console.WriteLine($"report: {Path.Combine(Path.GetFullPath(outDir), "report.md")}");
            runLock.Dispose();
            if (world.Size > 1 && !sharing)
            {
                // Every shard is written before rank 0 reads them (the folders are shared when the ranks' machines share --out).
                world.Barrier();
                if (world.Rank == 0)
                {
                    Console.WriteLine($"merging the {world.Size} shards:");
                    Maze2DReportCommand.WriteMerged([.. Enumerable.Range(1, world.Size).Select(k => RankedRun.ShardFolder(sweepDir, new ShardSpec(k, world.Size)))], Path.GetFullPath(sweepDir));
                }
            }
            return 0;
        })));
    }

    /// <summary>The summary's headline and the paper's figures, on the console.</summary>
    internal static void PrintHeadline(Maze2DSummary summary)
    {
        if (summary.Test.Count > 0)
        {
            var all = summary.Test[0];
            Console.WriteLine($"test seeds: nearest-goal accuracy {all.NearestGoal} (chance {100 * all.NearestGoal.Chance:F2} %); " +
                              $"one-cell accuracy {all.WithinOneCell} (chance {100 * all.WithinOneCell.Chance:F2} %; paper 78.12 % ± 6.40 %); " +
                              $"held-out discriminability {all.Discriminability} (paper 83.76 %)");
        }
        if (summary.Validation.Count > 0)
        {
            var v = summary.Validation[0];
            Console.WriteLine($"validation seeds (not in the headline): nearest-goal accuracy {v.NearestGoal}; one-cell accuracy {v.WithinOneCell}; held-out discriminability {v.Discriminability}");
        }
        if (summary.Missing.Count > 0) Console.WriteLine($"{summary.Missing.Count} planned run(s) have no result yet");
    }

    private static string[] MazeList(string text)
    {
        var names = text.Trim().ToLowerInvariant() == "all" ? AllMazes : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0) throw InputException.InvalidValue("--maze", text, "give open, umaze, medium, large, a comma list of them, or all");
        if (names.Distinct().Count() != names.Length) throw InputException.InvalidValue("--maze", text, "a maze is listed twice");
        return names;
    }

    private static int[] SeedList(string text) => text.Trim().ToLowerInvariant() switch
    {
        "test" => [.. Maze2DSeeds.Test],
        "validation" => [.. Maze2DSeeds.Validation],
        _ => OptionLists.Integers("--seeds", text, $"must be test, validation or a comma-separated list of integers from 0 to {int.MaxValue}"),
    };
}
