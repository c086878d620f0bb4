using System.CommandLine;

namespace Engine.Cli;

/// <summary>`engine demo`: a quick look at the engine (filled in as the engine core lands).</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var command = new Command("demo", "Fit a small network and check a Hessian-vector product against finite differences.");
        command.SetAction(_ => { Console.WriteLine("demo"); return 0; });
        return command;
    }
}
