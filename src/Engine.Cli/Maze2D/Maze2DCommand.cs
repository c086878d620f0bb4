using System.CommandLine;

namespace Engine.Cli.Maze2D;

/// <summary>`engine maze2d …`: the Maze2D simulator's data generator, renderer and score. The bare command prints help.</summary>
internal static class Maze2DCommand
{
    public static Command Create()
    {
        var command = new Command("maze2d", "D4RL Maze2D in managed code: generate datasets, render mazes, normalise scores.");
        command.Subcommands.Add(Maze2DGenerateCommand.Create());
        command.Subcommands.Add(Maze2DRenderCommand.Create());
        command.Subcommands.Add(Maze2DScoreCommand.Create());
        command.SetAction(_ => command.Parse("--help").Invoke());
        return command;
    }
}
