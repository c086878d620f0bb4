using System.CommandLine;
using Engine.Envs.MuJoCo;
using Engine.Envs.MuJoCo.Data;
using Engine.Envs.MuJoCo.Locomotion;
using Spectre.Console;

namespace Engine.Cli.Locomotion;

/// <summary>`engine locomotion …`: MuJoCo locomotion data generation and rendering.</summary>
internal static class LocomotionCommand
{
    public static Command Create()
    {
        var command = new Command("locomotion", "Hopper, HalfCheetah and Walker2d on MuJoCo 2.2.2: datasets and renders.");
        command.Subcommands.Add(CreateGenerate());
        command.Subcommands.Add(LocomotionDatasetsCommand.Create());
        command.Subcommands.Add(LocomotionExperimentCommand.Create());
        command.Subcommands.Add(LocomotionExperimentCommand.CreateReport());
        command.Subcommands.Add(LocomotionRenderCommand.Create());
        return command;
    }

    private static Command CreateGenerate()
    {
        var env = new Option<string>("--env") { Description = "hopper, halfcheetah or walker2d", Required = true };
        var quality = new Option<string>("--quality") { Description = "expert or base (medium-replay-like)", Required = true };
        var episodes = new Option<int>("--episodes") { Description = "episodes to write", Required = true };
        var output = new Option<string>("--out") { Description = "output HDF5 file (D4RL layout)", Required = true };
        var seed = new Option<ulong>("--seed") { Description = "random seed", DefaultValueFactory = _ => 0 };
        var iterations = new Option<int?>("--max-iterations") { Description = "ARS iteration budget (default per robot)" };
        var target = new Option<double?>("--target-score") { Description = "D4RL-normalised score that ends ARS training (default: expert 95 / HalfCheetah 45, base 30 / Walker2d 15)" };
        var workers = new Option<int>("--workers") { Description = "parallel simulations (0 = all cores)", DefaultValueFactory = _ => 0 };
        var checkpoint = new Option<string?>("--checkpoint")
        {
            Description = "state file, resumed from when it exists: ARS training (saved every 10 iterations; one run serves both qualities) or the finished MPC episodes",
        };
        var method = new Option<string?>("--method")
        {
            Description = "expert episodes from: ars (a trained linear policy) or mpc (MPPI planning on the simulator); default mpc for walker2d, ars otherwise",
        };
        var samples = new Option<int?>("--mpc-samples") { Description = "MPPI: perturbed plans per step (default 48)" };
        var horizon = new Option<int?>("--mpc-horizon") { Description = "MPPI: look-ahead in steps (default 60)" };
        var command = new Command("generate", "Train an ARS policy (or plan with MPPI) on the simulator and write a base or expert dataset.")
        {
            env, quality, episodes, output, seed, iterations, target, workers, checkpoint, method, samples, horizon,
        };
        command.SetAction(parse => UserErrors.Run(() =>
        {
            var task = LocomotionTask.Parse(parse.GetValue(env)!);
            var q = parse.GetValue(quality)!.ToLowerInvariant() switch
            {
                "expert" => DataQuality.Expert,
                "base" => DataQuality.Base,
                var other => throw CliException.Invalid("--quality", other, "expected expert or base"),
            };
            var count = parse.GetValue(episodes);
            if (count < 1) throw CliException.Invalid("--episodes", count, "must be 1 or more");
            var path = parse.GetValue(output)!;
            var options = GenerationOptions.Default(task, q, count, parse.GetValue(seed));
            if (parse.GetValue(iterations) is { } it) options = options with { MaxIterations = it };
            if (parse.GetValue(target) is { } ts) options = options with { TargetScore = ts };
            options = options with { Workers = parse.GetValue(workers), CheckpointPath = parse.GetValue(checkpoint) };
            if (parse.GetValue(method) is { } m)
                options = options with
                {
                    Method = m.ToLowerInvariant() switch
                    {
                        "ars" => ExpertMethod.Ars,
                        "mpc" or "mppi" => ExpertMethod.Mpc,
                        _ => throw CliException.Invalid("--method", m, "expected ars or mpc"),
                    },
                };
            if (parse.GetValue(samples) is not null || parse.GetValue(horizon) is not null)
            {
                var mppi = MppiSettings.Default;
                if (parse.GetValue(samples) is { } n)
                    mppi = mppi with { Samples = n >= 2 ? n : throw CliException.Invalid("--mpc-samples", n, "must be 2 or more") };
                if (parse.GetValue(horizon) is { } h)
                    mppi = mppi with { Horizon = h >= 1 ? h : throw CliException.Invalid("--mpc-horizon", h, "must be 1 or more") };
                options = options with { Mppi = mppi };
            }
            options.Validate(); // bad combinations are reported before MuJoCo is loaded
            MuJoCoRuntime.EnsureLoaded();
            return Run(options, path);
        }));
        return command;
    }

    private static int Run(GenerationOptions options, string path)
    {
        GenerationReport? report = null;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var planned = options.PlansExpert;
                var train = planned ? null : context.AddTask($"{options.Task.Name}: ARS training", maxValue: options.MaxIterations);
                var collect = context.AddTask($"{options.Task.Name}: {options.Quality.ToString().ToLowerInvariant()} episodes", autoStart: false, maxValue: options.Episodes);
                var progress = new Engine.Experiments.CallbackProgress<GenerationProgress>(p =>
                {
                    if (p.Phase == "train" && train is not null)
                    {
                        train.Value = p.Done;
                        if (p.LastScore is { } s)
                            train.Description = $"{options.Task.Name}: ARS training (score {s:F1})";
                    }
                    else
                    {
                        train?.Value = train.MaxValue;
                        collect.StartTask();
                        collect.Value = p.Done;
                        if (planned && p.LastScore is { } s)
                            collect.Description = $"{options.Task.Name}: MPPI expert episodes (last {s:F1})";
                    }
                });
                report = LocomotionDatasetGenerator.Generate(options, path, progress);
            });
        var r = report!;
        AnsiConsole.MarkupLine($"wrote [bold]{Markup.Escape(path)}[/]: {r.Episodes} episodes, {r.Transitions} transitions");
        if (options.PlansExpert)
            AnsiConsole.MarkupLine($"MPPI ({options.Planner.Samples} samples, horizon {options.Planner.Horizon}): {r.TrainingSteps} simulated planning steps"
                + (r.RejectedEpisodes > 0 ? $"; {r.RejectedEpisodes} fallen episodes set aside" : ""));
        else
            AnsiConsole.MarkupLine($"policy after {r.TrainingIterations} ARS iterations ({r.TrainingSteps} env steps): evaluation score {r.PolicyScore:F1}");
        AnsiConsole.MarkupLine($"dataset return {r.MeanReturn:F1}; D4RL-normalised mean {r.MeanNormalizedScore:F1} (min {r.MinNormalizedScore:F1}, max {r.MaxNormalizedScore:F1})"
            + (r.RejectedEpisodes > 0 && !options.PlansExpert ? $"; {r.RejectedEpisodes} flipped episodes rejected" : ""));
        return 0;
    }
}
