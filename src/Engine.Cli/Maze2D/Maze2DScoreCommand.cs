using System.CommandLine;
using System.Globalization;
using Engine.Envs.Maze2D;

namespace Engine.Cli.Maze2D;

/// <summary>`engine maze2d score`: D4RL-normalised score of episode returns.</summary>
internal static class Maze2DScoreCommand
{
    public static Command Create()
    {
        var maze = new Option<string>("--maze") { Description = "open, umaze, medium, large, or a D4RL id", Required = true };
        var returns = new Argument<double[]>("returns") { Description = "episode returns (summed rewards)", Arity = ArgumentArity.OneOrMore };
        var command = new Command("score", "D4RL-normalised score ×100: 100·(return − ref_min)/(ref_max − ref_min).") { maze, returns };
        command.SetAction(result => CliErrors.Run(() =>
        {
            var task = Maze2DTask.Named(result.GetValue(maze)!, "--maze");
            var scores = result.GetValue(returns)!.Select(r => 100 * task.NormalizedScore(r)).ToArray();
            foreach (var s in scores) Console.WriteLine(s.ToString("F2", CultureInfo.InvariantCulture));
            if (scores.Length > 1)
                Console.WriteLine($"mean {scores.Average().ToString("F2", CultureInfo.InvariantCulture)} ({task.Id}, ref_min {task.RefMinScore}, ref_max {task.RefMaxScore})");
            return 0;
        }));
        return command;
    }
}
