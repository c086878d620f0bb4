using System.CommandLine;

namespace Engine.Cli;

/// <summary>The list of top-level commands. One line per feature area; each area builds its own command tree.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return DemoCommand.Create();
        yield return DeviceSetup.DevicesCommand();
        yield return Locomotion.LocomotionCommand.Create();
        yield return Maze2D.Maze2DCommand.Create();
        yield return Images.ImagesCommand.Create();
    }
}
