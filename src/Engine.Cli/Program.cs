using System.CommandLine;
using Engine.Cli;

// Each feature area contributes its commands through CommandCatalog; Program only parses and runs.
var root = new RootCommand("Engine: tensors, autodiff, diffusion models and reward extraction in managed C#.");
foreach (var command in CommandCatalog.All())
    root.Subcommands.Add(command);
return CliErrors.Run(() => root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false }));
