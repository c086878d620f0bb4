using System.CommandLine;
using System.Globalization;
using Engine.Envs.MuJoCo;
using Engine.Envs.MuJoCo.Locomotion;
using Engine.Experiments.Locomotion.Steering;
using Engine.Experiments.Maze2D;

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
        var dataParallel = new Option<bool>("--data-parallel") { Description = "under mpirun: the ranks share each training step (--micro-batches K) instead of splitting the rollout conditions" };
        var shard = new Option<string?>("--shard") { Description = "run shard k/n of the rollout conditions (robot × condition, grid and second-base cells included) into the shared --out; the shard that finishes last writes the reports" };
        var command = new Command("experiment", "Steer a base Diffuser with the reward extracted against an expert Diffuser (paper §5.2, Table 1).")
        {
            env, preset, output, data, seed, episodes, guidance, baseData, secondBase, gridScales, gridStops, workers, config, printConfig, microBatches, dataParallel, shard,
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
            // Under mpirun the ranks split the rollout conditions (rank r takes shard r+1 of N, as --shard by hand), or with
            // --data-parallel run everything together, sharing each training step.
            bool sharing = world.Size > 1 && parse.GetValue(dataParallel);
            var spec = parse.GetValue(shard) is { } sh ? RankedRun.ParseShard(sh) : ShardSpec.Whole;
            if (world.Size > 1)
            {
                if (parse.GetValue(shard) is { } given) throw RankedRun.ShardUnderMpi(given, world, sharing);
                if (!sharing) spec = RankedRun.ShardOf(world);
            }
            bool ranked = world.Size > 1 && !sharing;
            var outDir = CliPaths.OutputFolder("--out", parse.GetValue(output)!);
            MuJoCoRuntime.EnsureLoaded();
            var units = LocomotionShards.Of(configs, spec);
            using var privateCopy = sharing ? RankedRun.DataParallelFolder(world, outDir) : null;
            string runDir = privateCopy?.Folder ?? outDir;
            // Shards share --out: each training stage and each condition has its own lock (LocomotionExperiment); only a
            // data-parallel job, whose ranks copy rank 0's folder, locks the whole folder.
            using var runLock = sharing ? Engine.IO.RunFolderLock.Acquire(runDir) : null;
            privateCopy?.Copied();
            var exchange = sharing ? new Engine.Distributed.CommunicatorGradientExchange(world) : null;
            if (sharing) Console.WriteLine($"data-parallel: {world.Size} processes ({world.Implementation}) share every training step of {configs[0].MicroBatches} micro-batches");
            if (spec != ShardSpec.Whole)
                Console.WriteLine($"{(ranked ? $"rank {world.Rank} of {world.Size}, " : "")}shard {spec}: {units.Describe()}");
            string Folder(LocomotionExperimentConfig c) => Path.Combine(runDir, c.Task.Name);
            var outcomes = ConsoleProgress.Run(progress => configs.Select((c, i) => units.Mine[i].Count == 0 ? null
                : new LocomotionExperiment(c, CliPaths.OutputFolder("--out", Folder(c)), progress, parse.GetValue(workers), exchange)
                    .Run(spec == ShardSpec.Whole ? null : units.Mine[i], writeReport: !ranked)).ToList());
            if (ranked)
            {
                world.Barrier(); // every rank's rollouts are written before rank 0 reads them (shared --out across machines)
                if (world.Rank != 0)
                    return 0;
                // Rank 0 merges: each robot's run again, making nothing, reading every rank's rollouts and writing the report.
                outcomes = ConsoleProgress.Run(progress => configs.Select(c =>
                {
                    var merged = new LocomotionExperiment(c, Folder(c), progress, parse.GetValue(workers)).Run([], writeReport: true);
                    return merged.Results is not null ? (LocomotionShardOutcome?)merged : throw new InputException("unfinished run", InputException.Location(Folder(c)),
                        $"after every rank finished, rollouts are missing for {string.Join(", ", merged.Missing)}; rerun the same command to make them");
                }).ToList());
            }
            Console.WriteLine();
            var summaries = new List<LocomotionSummary>();
            for (int i = 0; i < configs.Count; i++)
            {
                string env = configs[i].Task.Name;
                if (outcomes[i] is not { } o)
                {
                    // Another shard's robot: its report, when that shard has written it, joins the combined table.
                    string other = Path.Combine(outDir, env, "report.json");
                    if (File.Exists(other)) summaries.Add(LocomotionSummary.Read(other));
                    Console.WriteLine($"{env}: no rollout condition in shard {spec}{(File.Exists(other) ? $"; its report is {Path.Combine(outDir, env, "report.md")}" : "")}");
                    continue;
                }
                if (o.Results is null)
                {
                    Console.WriteLine($"{env}: this shard's conditions are done; waiting for {o.Missing.Count} made by other shards ({string.Join(", ", o.Missing)}): " +
                        "the shard that finishes last writes the report (rerun any shard to write it once all have finished)");
                    continue;
                }
                var r = LocomotionSummary.Of(o.Results);
                summaries.Add(r);
                var line = string.Join(", ", r.Conditions.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Name} {c.Mean:F1}")));
                Console.WriteLine($"{r.Env}: {line}; report in {Path.Combine(outDir, r.Env, "report.md")}");
            }
            if (configs.Count > 1 && summaries.Count == configs.Count)
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
