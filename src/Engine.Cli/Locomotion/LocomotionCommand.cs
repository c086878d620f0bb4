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
        var target = new Option<double?>("--target-score") { Description = "D4RL-normalised score that ends training (default: expert 95 / HalfCheetah 45, base 30)" };
        var workers = new Option<int>("--workers") { Description = "parallel simulations (0 = all cores)", DefaultValueFactory = _ => 0 };
        var checkpoint = new Option<string?>("--checkpoint")
        {
            Description = "training state file: saved every 10 iterations, resumed from when it exists (one run can serve both qualities)",
        };
        var command = new Command("generate", "Train an ARS policy on the simulator and write a base or expert dataset.")
        {
            env, quality, episodes, output, seed, iterations, target, workers, checkpoint,
        };
        command.SetAction(parse => UserErrors.Run(() =>
        {
            var task = LocomotionTask.Parse(parse.GetValue(env)!);
            var q = parse.GetValue(quality)!.ToLowerInvariant() switch
            {
                "expert" => DataQuality.Expert,
                "base" => DataQuality.Base,
                var other => throw new ArgumentException($"--quality: unknown value '{other}'; expected expert or base"),
            };
            var count = parse.GetValue(episodes);
            if (count < 1) throw new ArgumentException("--episodes must be at least 1");
            var path = parse.GetValue(output)!;
            var options = GenerationOptions.Default(task, q, count, parse.GetValue(seed));
            if (parse.GetValue(iterations) is { } it) options = options with { MaxIterations = it };
            if (parse.GetValue(target) is { } ts) options = options with { TargetScore = ts };
            options = options with { Workers = parse.GetValue(workers), CheckpointPath = parse.GetValue(checkpoint) };
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
                var train = context.AddTask($"{options.Task.Name}: ARS training", maxValue: options.MaxIterations);
                var collect = context.AddTask($"{options.Task.Name}: {options.Quality.ToString().ToLowerInvariant()} episodes", autoStart: false, maxValue: options.Episodes);
                var progress = new Engine.Experiments.CallbackProgress<GenerationProgress>(p =>
                {
                    if (p.Phase == "train")
                    {
                        train.Value = p.Done;
                        if (p.LastScore is { } s)
                            train.Description = $"{options.Task.Name}: ARS training (score {s:F1})";
                    }
                    else
                    {
                        train.Value = train.MaxValue;
                        collect.StartTask();
                        collect.Value = p.Done;
                    }
                });
                report = LocomotionDatasetGenerator.Generate(options, path, progress);
            });
        var r = report!;
        AnsiConsole.MarkupLine($"wrote [bold]{Markup.Escape(path)}[/]: {r.Episodes} episodes, {r.Transitions} transitions");
        AnsiConsole.MarkupLine($"policy after {r.TrainingIterations} ARS iterations ({r.TrainingSteps} env steps): evaluation score {r.PolicyScore:F1}");
        AnsiConsole.MarkupLine($"dataset return {r.MeanReturn:F1}; D4RL-normalised mean {r.MeanNormalizedScore:F1} (min {r.MinNormalizedScore:F1}, max {r.MaxNormalizedScore:F1})"
            + (r.RejectedEpisodes > 0 ? $"; {r.RejectedEpisodes} flipped episodes rejected" : ""));
        return 0;
    }
}
