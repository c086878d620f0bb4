using System.CommandLine;

namespace Engine.Cli.Maze2D;

/// <summary>`engine maze2d …`: the Maze2D simulator's data generator, renderer and score. Without a subcommand it runs the reward-extraction experiment.</summary>
internal static class Maze2DCommand
{
    public static Command Create()
    {
        var command = new Command("maze2d", "Extract the reward of an expert Maze2D diffusion model relative to a base one (the paper's maze experiment), or use the simulator's tools below.");
        command.Subcommands.Add(Maze2DGenerateCommand.Create());
        command.Subcommands.Add(Maze2DRenderCommand.Create());
        command.Subcommands.Add(Maze2DScoreCommand.Create());
        command.Subcommands.Add(Maze2DPpoCommand.Create());
        command.Subcommands.Add(Maze2DReportCommand.Create());
        Maze2DRunCommand.Attach(command);
        return command;
    }
}
