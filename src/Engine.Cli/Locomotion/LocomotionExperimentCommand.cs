using System.CommandLine;
using System.Globalization;
using Engine.Envs.MuJoCo;
using Engine.Envs.MuJoCo.Locomotion;
using Engine.Experiments.Locomotion.Steering;

namespace Engine.Cli.Locomotion;

/// <summary>`engine locomotion experiment`: the paper's Table 1 experiment for one or more robots (data → Diffusers → reward, discriminator → steered rollouts → report).</summary>
internal static class LocomotionExperimentCommand
{
    public static Command Create()
    {
        var env = new Option<string>("--env") { Description = "hopper, halfcheetah, walker2d or all", DefaultValueFactory = _ => "hopper" };
        var preset = new Option<string>("--preset") { Description = "small (Hopper from nothing in minutes on 2 cores), table (the sizes of docs/results.md) or paper (the authors' sizes)", DefaultValueFactory = _ => "small" };
        var output = new Option<string>("--out") { Description = "output folder (one subfolder per robot)", DefaultValueFactory = _ => "runs/locomotion" };
        var data = new Option<string>("--data") { Description = "dataset folder; missing datasets are made there", DefaultValueFactory = _ => "data/locomotion" };
        var seed = new Option<ulong>("--seed") { Description = "random seed", DefaultValueFactory = _ => 0 };
        var episodes = new Option<int?>("--episodes") { Description = "rollout episodes per condition (small 16, table 64, paper 512)" };
        var guidance = new Option<string?>("--guidance") { Description = "the reward's ω and t_stopgrad: paper (Tables 6/7, default) or code (main_results.json)" };
        var baseData = new Option<string?>("--base-data") { Description = "base model's dataset: base (medium-replay-like, default) or medium (Table 1's second half)" };
        var secondBase = new Option<bool>("--second-base") { Description = "ablation (Table 8): also steer a base model from another seed with the same reward" };
        var gridScales = new Option<string?>("--grid-scales") { Description = "ablation (Table 3): comma list of ω for a guidance grid (with --grid-tstopgrad)" };
        var gridStops = new Option<string?>("--grid-tstopgrad") { Description = "ablation (Table 3): comma list of t_stopgrad for the guidance grid" };
        var workers = new Option<int>("--workers") { Description = "parallel simulations (0 = all cores)", DefaultValueFactory = _ => 0 };
        var config = new Option<string?>("--config") { Description = "JSON configuration of one robot (as --print-config writes it); replaces --env and --preset, the other options override it" };
        var printConfig = new Option<bool>("--print-config") { Description = "print the resolved configuration(s) as JSON and exit" };
        var microBatches = new Option<int?>("--micro-batches") { Description = "split each diffusion and reward batch into K micro-batches added in a fixed order (same weights alone or on any number of MPI ranks)" };
        var dataParallel = new Option<bool>("--data-parallel") { Description = "under mpirun: the ranks share each training step (--micro-batches K) instead of splitting the robots" };
        var command = new Command("experiment", "Steer a base Diffuser with the reward extracted against an expert Diffuser (paper §5.2, Table 1).")
        {
            env, preset, output, data, seed, episodes, guidance, baseData, secondBase, gridScales, gridStops, workers, config, printConfig, microBatches, dataParallel,
        };
        command.SetAction(parse => RankedRun.Run(world => CliErrors.Run(() =>
        {
            string? configFile = parse.GetValue(config) is { } path ? CliPaths.InputFile("--config", path) : null;
            var file = configFile is not null ? LocomotionExperimentConfig.Load(configFile) : null;
            if (file is not null && parse.GetResult(env) is { Implicit: false })
                throw InputException.InvalidValue("--env", parse.GetValue(env), "the robot comes from --config; give one or the other");
            var envs = file is not null ? [file.Env] : LocomotionArguments.Robots(parse.GetValue(env)!).Select(k => LocomotionTask.For(k).Name).ToArray();
            var configs = envs.Select(e =>
            {
                var c = file ?? parse.GetValue(preset) switch
                {
                    "small" => LocomotionExperimentConfig.Small(e),
                    "table" => LocomotionExperimentConfig.Table(e),
                    "paper" => LocomotionExperimentConfig.Paper(e),
                    var other => throw InputException.InvalidValue("--preset", other, "expected small, table or paper"),
                };
                if (file is null || parse.GetResult(seed) is { Implicit: false }) c = c with { Seed = parse.GetValue(seed) };
                if (file is null || parse.GetResult(data) is { Implicit: false }) c = c with { DataDir = parse.GetValue(data)! };
                if (parse.GetValue(episodes) is { } n) c = c with { Rollouts = c.Rollouts with { Episodes = n } };
                if (parse.GetValue(guidance) is { } g) c = c with { Rollouts = c.Rollouts with { Guidance = g } };
                if (parse.GetValue(baseData) is { } b) c = c with { BaseData = b };
                if (parse.GetValue(secondBase)) c = c with { Ablations = c.Ablations with { SecondBase = true } };
                if (parse.GetValue(gridScales) is { } gs) c = c with { Ablations = c.Ablations with { GridScales = OptionLists.Numbers("--grid-scales", gs, NumberList) } };
                if (parse.GetValue(gridStops) is { } gt) c = c with { Ablations = c.Ablations with { GridTStopgrad = OptionLists.Integers("--grid-tstopgrad", gt, NumberList) } };
                if (parse.GetValue(microBatches) is { } k) c = c with { MicroBatches = k };
                return SettingErrors.Check(c.Validated, parse,
                [
                    (env, "$.Env"), (seed, "$.Seed"), (data, "$.DataDir"), (episodes, "$.Rollouts.Episodes"), (guidance, "$.Rollouts.Guidance"),
                    (baseData, "$.BaseData"), (gridScales, "$.Ablations.GridScales"), (gridStops, "$.Ablations.GridTStopgrad"), (microBatches, "$.MicroBatches"),
                ], configFile);
            }).ToList();
            if (parse.GetValue(printConfig))
            {
                foreach (var c in configs) Console.WriteLine(c.ToJson());
                return 0;
            }
            if (parse.GetValue(workers) < 0) throw InputException.InvalidValue("--workers", parse.GetValue(workers), "must be 0 (all cores) or more");
            var outDir = CliPaths.OutputFolder("--out", parse.GetValue(output)!);
            MuJoCoRuntime.EnsureLoaded();
            // Under mpirun the ranks split the robots (rank r takes block r+1 of N, as a sweep's shard), or with
            // --data-parallel run every robot together, sharing each training step.
            bool sharing = world.Size > 1 && parse.GetValue(dataParallel);
            bool splitting = world.Size > 1 && !sharing;
            var shard = splitting ? RankedRun.ShardOf(world) : Engine.Experiments.Maze2D.ShardSpec.Whole;
            var mine = configs.Where((_, i) => shard.ShardOf(i, configs.Count) == shard.Index).ToList();
            using var privateCopy = sharing ? RankedRun.DataParallelFolder(world, outDir) : null;
            string runDir = privateCopy?.Folder ?? outDir;
            // Split ranks share --out, so each locks only its robots' folders.
            using var runLock = splitting ? null : Engine.IO.RunFolderLock.Acquire(runDir);
            privateCopy?.Copied();
            var exchange = sharing ? new Engine.Distributed.CommunicatorGradientExchange(world) : null;
            if (sharing) Console.WriteLine($"data-parallel: {world.Size} processes ({world.Implementation}) share every training step of {configs[0].MicroBatches} micro-batches");
            if (splitting) Console.WriteLine($"rank {world.Rank} of {world.Size}: {(mine.Count == 0 ? "no robot" : string.Join(", ", mine.Select(c => c.Task.Name)))}");
            var results = ConsoleProgress.Run(progress => mine.Select(c =>
            {
                string folder = Path.Combine(runDir, c.Task.Name);
                using var robotLock = splitting ? Engine.IO.RunFolderLock.Acquire(CliPaths.OutputFolder("--out", folder)) : null;
                return new LocomotionExperiment(c, folder, progress, parse.GetValue(workers), exchange).Run();
            }).ToList());
            if (splitting)
                world.Barrier(); // every robot's report is written before rank 0 reads them (shared --out across machines)
            if (splitting && world.Rank != 0)
                return 0;
            // The summaries of every robot: this process's results, or (split over ranks) every rank's report.json.
            var summaries = splitting
                ? LocomotionTable.Collect(configs.Select(c => Path.Combine(outDir, c.Task.Name)))
                : results.Select(LocomotionSummary.Of).ToList();
            Console.WriteLine();
            foreach (var r in summaries)
            {
                var line = string.Join(", ", r.Conditions.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Name} {c.Mean:F1}")));
                Console.WriteLine($"{r.Env}: {line}; report in {Path.Combine(outDir, r.Env, "report.md")}");
            }
            if (summaries.Count > 1)
            {
                LocomotionTable.Write(summaries, outDir);
                Console.WriteLine($"combined table: {Path.Combine(outDir, "table.md")}");
            }
            return 0;
        })));
        return command;
    }

    /// <summary>`engine locomotion report`: the combined table of finished robot runs (one folder per robot, or parents of them).</summary>
    public static Command CreateReport()
    {
        var folders = new Argument<string[]>("folders") { Description = "robot run folders (holding report.json) or their parent folders", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "folder for table.md and table.json", Required = true };
        var command = new Command("report", "Combine finished locomotion experiments into one table beside the paper's Table 1.") { folders, output };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var summaries = LocomotionTable.Collect(parse.GetValue(folders)!);
            var outDir = CliPaths.OutputFolder("--out", parse.GetValue(output)!);
            LocomotionTable.Write(summaries, outDir);
            Console.WriteLine($"{summaries.Count} robot run(s): {Path.Combine(outDir, "table.md")}");
            return 0;
        }));
        return command;
    }

    private const string NumberList = "must be a comma-separated list of numbers";
}
