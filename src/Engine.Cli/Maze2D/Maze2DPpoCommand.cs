using System.CommandLine;
using System.Globalization;
using Engine.Envs.Maze2D;
using Engine.Experiments.Maze2D.Ppo;

namespace Engine.Cli.Maze2D;

/// <summary>`engine maze2d ppo`: agents trained from scratch by PPO on the ground-truth or the extracted maze reward (the paper's Table 2).</summary>
internal static class Maze2DPpoCommand
{
    public static Command Create()
    {
        var maze = new Option<string>("--maze") { Description = "open, umaze, medium or large", DefaultValueFactory = _ => "umaze" };
        var goal = new Option<int>("--goal") { Description = "paper goal number 1–8", DefaultValueFactory = _ => 1 };
        var reward = new Option<string>("--reward") { Description = "true (D4RL's sparse reward), window (the extracted ρ of the last h steps), window-clipped (the same with its inputs clipped to the data's range), shaping (γΦ′ − Φ with Φ = ρ) or position (the run's smoothed reward heatmap at the position reached)", DefaultValueFactory = _ => "true" };
        var from = new Option<string?>("--from") { Description = "a finished `engine maze2d` run folder holding the goal's reward (for every reward but true)" };
        var rewardSeed = new Option<int>("--reward-seed") { Description = "which seed's reward of that run", DefaultValueFactory = _ => 0 };
        var seeds = new Option<string>("--seeds") { Description = "PPO training seeds, a comma list", DefaultValueFactory = _ => "0" };
        var steps = new Option<long>("--steps") { Description = "environment steps per training seed", DefaultValueFactory = _ => 500_000 };
        var episodes = new Option<int>("--episodes") { Description = "evaluation episodes (ground-truth return of the mean action)", DefaultValueFactory = _ => 50 };
        var output = new Option<string>("--out") { Description = "output folder", DefaultValueFactory = _ => "runs/maze2d-ppo" };
        var workers = new Option<int>("--workers") { Description = "parallel environments' threads (0 = all cores)", DefaultValueFactory = _ => 0 };
        var command = new Command("ppo", "Train PPO agents from scratch on the true or the extracted reward and score them by the true return (paper Table 2).")
        {
            maze, goal, reward, from, rewardSeed, seeds, steps, episodes, output, workers,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var task = Maze2DTask.Named(parse.GetValue(maze)!, "--maze");
            int g = parse.GetValue(goal);
            if (g is < 1 or > 8) throw InputException.InvalidValue("--goal", g, "a paper goal number is 1–8");
            var kind = parse.GetValue(reward)!.ToLowerInvariant() switch
            {
                "true" or "ground-truth" => MazeRewardKind.True,
                "window" or "extracted" => MazeRewardKind.Window,
                "shaping" => MazeRewardKind.Shaping,
                "position" => MazeRewardKind.Position,
                "window-clipped" => MazeRewardKind.ClippedWindow,
                var other => throw InputException.InvalidValue("--reward", other, "expected true, window, window-clipped, shaping or position"),
            };
            var run = parse.GetValue(from);
            if (kind != MazeRewardKind.True && run is null) throw new InputException("missing option", "--from", $"--reward {kind.Name()} needs a finished engine maze2d run");
            if (run is not null && !Directory.Exists(run)) throw new InputException("run folder not found", $"--from '{run}'", "no such folder");
            var seedList = OptionLists.Integers("--seeds", parse.GetValue(seeds)!, "must be a comma-separated list of integers");
            if (seedList.Length == 0 || seedList.Any(s => s < 0)) throw InputException.InvalidValue("--seeds", parse.GetValue(seeds), "give one or more seeds ≥ 0");
            long n = parse.GetValue(steps);
            if (n < 2048) throw InputException.InvalidValue("--steps", n, "at least one PPO batch (2048)");
            if (parse.GetValue(episodes) < 2) throw InputException.InvalidValue("--episodes", parse.GetValue(episodes), "must be 2 or more");
            var options = new MazePpoOptions(task.Layout.Name, g, kind, run, parse.GetValue(rewardSeed), seedList, n, parse.GetValue(episodes), parse.GetValue(workers));
            var outDir = Path.Combine(parse.GetValue(output)!, $"{task.Layout.Name}-goal{g}");
            CliPaths.OutputFolder("--out", outDir);
            using var runLock = Engine.IO.RunFolderLock.Acquire(outDir);
            var results = ConsoleProgress.Run(progress => MazePpo.Run(options, outDir, progress));
            var means = results.Select(r => r.MeanTrueReturn).ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{task.Layout.Name} goal {g}, {kind.Name()} reward: true return {means.Average():F2} over {means.Length} seed(s) (random policy {results.Average(r => r.RandomMeanTrueReturn):F2}); results in {outDir}"));
            return 0;
        }));
        return command;
    }
}
