using System.CommandLine;
using Engine.Cli;

// Each feature area contributes its commands through CommandCatalog; Program only parses and runs.
// Every failure goes through CliErrors: parse errors included, so the help text is printed only on --help.
var root = new RootCommand("Engine: tensors, autodiff, diffusion models and reward extraction in managed C#.");
foreach (var command in CommandCatalog.All())
    root.Subcommands.Add(command);
return CliErrors.Run(() =>
{
    var parse = root.Parse(args);
    CliErrors.Command = ParseErrors.CommandPath(parse.CommandResult);
    if (parse.Errors.Count > 0 && parse.Action is not { ClearsParseErrors: true })
        throw ParseErrors.Describe(parse);
    DeviceSetup.Apply();
    return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
});
