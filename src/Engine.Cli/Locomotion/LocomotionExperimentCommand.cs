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
        var preset = new Option<string>("--preset") { Description = "small (this machine, minutes) or paper (the authors' sizes)", DefaultValueFactory = _ => "small" };
        var output = new Option<string>("--out") { Description = "output folder (one subfolder per robot)", DefaultValueFactory = _ => "runs/locomotion" };
        var data = new Option<string>("--data") { Description = "dataset folder; missing datasets are made there", DefaultValueFactory = _ => "data/locomotion" };
        var seed = new Option<ulong>("--seed") { Description = "random seed", DefaultValueFactory = _ => 0 };
        var episodes = new Option<int?>("--episodes") { Description = "rollout episodes per condition (small 16, paper 512)" };
        var guidance = new Option<string?>("--guidance") { Description = "the reward's ω and t_stopgrad: paper (Tables 6/7, default) or code (main_results.json)" };
        var baseData = new Option<string?>("--base-data") { Description = "base model's dataset: base (medium-replay-like, default) or medium (Table 1's second half)" };
        var secondBase = new Option<bool>("--second-base") { Description = "ablation (Table 8): also steer a base model from another seed with the same reward" };
        var gridScales = new Option<string?>("--grid-scales") { Description = "ablation (Table 3): comma list of ω for a guidance grid (with --grid-tstopgrad)" };
        var gridStops = new Option<string?>("--grid-tstopgrad") { Description = "ablation (Table 3): comma list of t_stopgrad for the guidance grid" };
        var workers = new Option<int>("--workers") { Description = "parallel simulations (0 = all cores)", DefaultValueFactory = _ => 0 };
        var command = new Command("experiment", "Steer a base Diffuser with the reward extracted against an expert Diffuser (paper §5.2, Table 1).")
        {
            env, preset, output, data, seed, episodes, guidance, baseData, secondBase, gridScales, gridStops, workers,
        };
        command.SetAction(parse => UserErrors.Run(() =>
        {
            var envs = LocomotionArguments.Robots(parse.GetValue(env)!).Select(k => LocomotionTask.For(k).Name).ToArray();
            var configs = envs.Select(e =>
            {
                var c = parse.GetValue(preset) switch
                {
                    "small" => LocomotionExperimentConfig.Small(e),
                    "paper" => LocomotionExperimentConfig.Paper(e),
                    var other => throw CliException.Invalid("--preset", other, "expected small or paper"),
                };
                c = c with { Seed = parse.GetValue(seed), DataDir = parse.GetValue(data)! };
                if (parse.GetValue(episodes) is { } n) c = c with { Rollouts = c.Rollouts with { Episodes = n } };
                if (parse.GetValue(guidance) is { } g) c = c with { Rollouts = c.Rollouts with { Guidance = g } };
                if (parse.GetValue(baseData) is { } b) c = c with { BaseData = b };
                c = c with
                {
                    Ablations = new LocomotionExperimentConfig.AblationSettings
                    {
                        SecondBase = parse.GetValue(secondBase),
                        GridScales = parse.GetValue(gridScales) is { } gs ? OptionLists.Numbers("--grid-scales", gs, NumberList) : [],
                        GridTStopgrad = parse.GetValue(gridStops) is { } gt ? OptionLists.Integers("--grid-tstopgrad", gt, NumberList) : [],
                    },
                };
                return c.Validated();
            }).ToList();
            if (parse.GetValue(workers) < 0) throw CliException.Invalid("--workers", parse.GetValue(workers), "must be 0 (all cores) or more");
            var outDir = parse.GetValue(output)!;
            MuJoCoRuntime.EnsureLoaded();
            Directory.CreateDirectory(outDir);
            using var runLock = Engine.IO.RunFolderLock.Acquire(outDir);
            var results = ConsoleProgress.Run(progress => configs.Select(c =>
                new LocomotionExperiment(c, Path.Combine(outDir, c.Task.Name), progress, parse.GetValue(workers)).Run()).ToList());
            Console.WriteLine();
            foreach (var r in results)
            {
                var line = string.Join(", ", Enum.GetValues<Condition>().Select(c =>
                    string.Create(CultureInfo.InvariantCulture, $"{c} {r.Scores(c).Average():F1}")));
                Console.WriteLine($"{r.Config.Task.Name}: {line}; report in {Path.Combine(outDir, r.Config.Task.Name, "report.md")}");
            }
            return 0;
        }));
        return command;
    }

    private const string NumberList = "must be a comma-separated list of numbers";
}
