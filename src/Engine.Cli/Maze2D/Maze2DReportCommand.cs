using System.CommandLine;
using Engine.Experiments.Maze2D;

namespace Engine.Cli.Maze2D;

/// <summary>`engine maze2d report &lt;folders…&gt;`: merges the shard folders of one sweep (or rereads one run folder) into one summary report.</summary>
internal static class Maze2DReportCommand
{
    public static Command Create()
    {
        var folders = new Argument<string[]>("folders") { Description = "run or shard folders of one sweep (`engine maze2d --shard k/n --out …`)", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out", "-o") { Description = "folder for the merged report.md and report.json", DefaultValueFactory = _ => "runs/maze2d-report" };
        var command = new Command("report", "Merge the results of shard folders of one sweep into one summary report (headline: nearest-goal accuracy over the mazes' test seeds).") { folders, output };
        command.SetAction(result => CliErrors.Run(() =>
        {
            var inputs = result.GetValue(folders)!.Select(Path.GetFullPath).ToList();
            string outDir = Path.GetFullPath(result.GetValue(output)!);
            if (inputs.Contains(outDir))
                throw InputException.InvalidValue("--out", result.GetValue(output), "is one of the shard folders; the merged report goes to a folder of its own");
            WriteMerged(inputs, outDir);
            return 0;
        }));
        return command;
    }

    /// <summary>Merges shard folders into one report in <paramref name="outDir"/> and prints its headline.</summary>
    internal static void WriteMerged(IReadOnlyList<string> shardFolders, string outDir)
    {
        var summary = Maze2DSweep.Merge(shardFolders);
        CliPaths.OutputFolder("--out", outDir);
        using var runLock = Engine.IO.RunFolderLock.Acquire(outDir); // two merges into one folder are refused, as two runs are
        Maze2DReport.Write(summary, new Dictionary<string, Engine.Experiments.LossCurve>(), outDir);
        Maze2DRunCommand.PrintHeadline(summary);
        Console.WriteLine($"report: {Path.Combine(outDir, "report.md")}");
    }
}
