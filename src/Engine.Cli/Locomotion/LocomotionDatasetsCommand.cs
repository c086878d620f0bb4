using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Engine.Envs.MuJoCo;
using Engine.Experiments.Locomotion;

namespace Engine.Cli.Locomotion;

/// <summary>`engine locomotion datasets`: the nine default D4RL-like datasets (expert, medium, base for three robots) in one cached, resumable run.</summary>
internal static class LocomotionDatasetsCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "output folder (datasets, summaries, histograms, learner checkpoints)", DefaultValueFactory = _ => "data/locomotion" };
        var env = new Option<string>("--env") { Description = "hopper, halfcheetah, walker2d or all (a comma list works too)", DefaultValueFactory = _ => "all" };
        var seed = new Option<ulong>("--seed") { Description = "random seed", DefaultValueFactory = _ => 0 };
        var workers = new Option<int>("--workers") { Description = "parallel simulations (0 = all cores); the data do not depend on it", DefaultValueFactory = _ => 0 };
        var transitions = new Option<int>("--transitions") { Description = "minimum transitions per dataset", DefaultValueFactory = _ => 100_000 };
        var episodes = new Option<int>("--expert-episodes") { Description = "minimum episodes of each expert dataset", DefaultValueFactory = _ => 100 };
        var command = new Command("datasets", "Make the expert, medium and medium-replay-like base datasets of Hopper, HalfCheetah and Walker2d (cached and resumable).")
        {
            output, env, seed, workers, transitions, episodes,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var kinds = LocomotionArguments.Robots(parse.GetValue(env)!);
            int minTransitions = parse.GetValue(transitions), minEpisodes = parse.GetValue(episodes);
            if (minTransitions < 1) throw InputException.InvalidValue("--transitions", minTransitions, "must be 1 or more");
            if (minEpisodes < 1) throw InputException.InvalidValue("--expert-episodes", minEpisodes, "must be 1 or more");
            if (parse.GetValue(workers) < 0) throw InputException.InvalidValue("--workers", parse.GetValue(workers), "must be 0 (all cores) or more");
            var plans = kinds.Select(k => LocomotionDatasetPlan.Default(k) with { MinTransitions = minTransitions, MinExpertEpisodes = minEpisodes }).ToList();
            foreach (var p in plans) SettingErrors.Check(() => { p.Validate(); return p; }, parse, [(transitions, "MinTransitions"), (episodes, "MinExpertEpisodes")]);
            var outDir = CliPaths.OutputFolder("--out", parse.GetValue(output)!);
            MuJoCoRuntime.EnsureLoaded();
            using var runLock = Engine.IO.RunFolderLock.Acquire(outDir); // a second run into the same folder is refused before any work
            var clock = Stopwatch.StartNew();
            var summaries = ConsoleProgress.Run(progress =>
            {
                var suite = new LocomotionDatasetSuite(outDir, parse.GetValue(seed), parse.GetValue(workers), progress);
                return plans.SelectMany(suite.Run).ToList();
            });
            Console.WriteLine();
            Console.WriteLine($"{"dataset",-24} {"episodes",8} {"transitions",11} {"score mean",10} {"min",7} {"max",7}");
            foreach (var s in summaries)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{s.File,-24} {s.Episodes,8} {s.Transitions,11} {s.NormalizedScore.Mean,10:F1} {s.NormalizedScore.Min,7:F1} {s.NormalizedScore.Max,7:F1}"));
            Console.WriteLine($"{summaries.Count} datasets in {outDir} ({clock.Elapsed:hh\\:mm\\:ss}); summaries in the .json files, histograms in the .png files");
            return 0;
        }));
        return command;
    }
}
