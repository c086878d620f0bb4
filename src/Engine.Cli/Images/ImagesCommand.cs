using System.CommandLine;
using System.Globalization;
using Engine.Experiments.Images;

namespace Engine.Cli.Images;

/// <summary>`engine images …`: Algorithm 2 on generated scenes (the paper's §5.3 on a domain we can ship).</summary>
internal static class ImagesCommand
{
    public static Command Create()
    {
        var command = new Command("images", "Reward extraction from two image diffusion models (paper §5.3) on generated scenes.");
        command.Subcommands.Add(CreateExperiment());
        return command;
    }

    private static Command CreateExperiment()
    {
        var preset = new Option<string>("--preset") { Description = "small (16×16, about 20 min on 2 cores), full (32×32, the paper's reward widths; hours) or tiny (8×8, seconds: a smoke test)", DefaultValueFactory = _ => "small" };
        var size = new Option<int?>("--size") { Description = "image side (a multiple of 4, 8 to 64; e.g. 32)" };
        var output = new Option<string>("--out") { Description = "output folder (checkpoints, tuples, results.json, reward-grid.png)", DefaultValueFactory = _ => "runs/images" };
        var seed = new Option<int>("--seed") { Description = "run seed (0 or more)", DefaultValueFactory = _ => 0 };
        var diffusionSteps = new Option<int?>("--diffusion-train-steps") { Description = "training steps of each diffusion model" };
        var rewardSteps = new Option<int?>("--reward-train-steps") { Description = "training steps of the reward" };
        var chains = new Option<int?>("--chains") { Description = "Algorithm 2's K: denoising chains per model" };
        var guideScale = new Option<double?>("--guide-scale") { Description = "ω of the steered samples (1: about the safe model's own shift)" };
        var steering = new Option<int?>("--steering-samples") { Description = "base samples unsteered and steered (0: skip steering)" };
        var attribute = new Option<string?>("--attribute") { Description = "what plays harmful content: red-cross (a red cross among red squares/discs and crosses of other colours; the default) or red-shape (any red shape; nothing else is red)" };
        var config = new Option<string?>("--config") { Description = "JSON configuration (as --print-config writes it); replaces --preset, the other options override it" };
        var printConfig = new Option<bool>("--print-config") { Description = "print the resolved configuration as JSON and exit" };
        var command = new Command("experiment", "Train a base and a safe diffusion model on scenes, extract their relative reward with Algorithm 2, evaluate and steer.")
        {
            preset, size, attribute, output, seed, diffusionSteps, rewardSteps, chains, guideScale, steering, config, printConfig,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            string? configFile = parse.GetValue(config) is { } path ? CliPaths.InputFile("--config", path) : null;
            if (configFile is not null && parse.GetResult(preset) is { Implicit: false })
                throw InputException.InvalidValue("--preset", parse.GetValue(preset), "the settings come from --config; give one or the other");
            var c = configFile is not null ? ImagesConfig.Load(configFile) : parse.GetValue(preset) switch
            {
                "small" => new ImagesConfig(),
                "full" => ImagesConfig.Full,
                "tiny" => ImagesConfig.Tiny,
                var other => throw InputException.InvalidValue("--preset", other, "expected small, full or tiny"),
            };
            if (configFile is null || parse.GetResult(seed) is { Implicit: false }) c = c with { Seed = parse.GetValue(seed) };
            if (parse.GetValue(size) is { } s) c = c with { Data = c.Data with { Size = s } };
            if (parse.GetValue(attribute) is { } a)
                c = c with
                {
                    Data = c.Data with
                    {
                        Attribute = a switch
                        {
                            "red-cross" => SceneAttribute.RedCross,
                            "red-shape" => SceneAttribute.RedShape,
                            _ => throw InputException.InvalidValue("--attribute", a, "expected red-cross or red-shape"),
                        },
                    },
                };
            if (parse.GetValue(diffusionSteps) is { } ds) c = c with { Diffusion = c.Diffusion with { TrainSteps = ds } };
            if (parse.GetValue(rewardSteps) is { } rs) c = c with { Reward = c.Reward with { TrainSteps = rs } };
            if (parse.GetValue(chains) is { } k) c = c with { Reward = c.Reward with { ChainsPerModel = k } };
            if (parse.GetValue(guideScale) is { } w) c = c with { Evaluation = c.Evaluation with { GuideScale = w } };
            if (parse.GetValue(steering) is { } n) c = c with { Evaluation = c.Evaluation with { SteeringSamples = n } };
            c = SettingErrors.Check(c.Validated, parse,
            [
                (seed, "$.seed"), (size, "$.data.size"), (diffusionSteps, "$.diffusion.trainSteps"), (rewardSteps, "$.reward.trainSteps"),
                (chains, "$.reward.chainsPerModel"), (guideScale, "$.evaluation.guideScale"), (steering, "$.evaluation.steeringSamples"),
            ], configFile);
            if (parse.GetValue(printConfig))
            {
                Console.WriteLine(c.ToJson());
                return 0;
            }
            var outDir = CliPaths.OutputFolder("--out", parse.GetValue(output)!);
            using var runLock = Engine.IO.RunFolderLock.Acquire(outDir);
            var experiment = ConsoleProgress.Run(progress =>
            {
                var e = new ImagesExperiment(c, outDir, progress);
                return (e, e.Run());
            });
            var (run, r) = experiment;
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"AUC {r.Evaluation.Auc.Value:F3} [{r.Evaluation.Auc.Low:F3}, {r.Evaluation.Auc.High:F3}], balanced accuracy {r.Evaluation.BalancedAccuracy.Value:F3} [{r.Evaluation.BalancedAccuracy.Low:F3}, {r.Evaluation.BalancedAccuracy.High:F3}] (chance 0.5)"));
            if (r.Steering is { } st)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"attribute in base samples: unsteered {st.UnsteeredRate.Value:F3}, steered (ω {st.GuideScale}) {st.SteeredRate.Value:F3}"));
            Console.WriteLine($"results: {run.ResultsPath}; grid: {run.GridPath}");
            return 0;
        }));
        return command;
    }
}
