using System.CommandLine;
using System.CommandLine.Parsing;

namespace Engine.Cli;

/// <summary>
/// The command-line parser's own errors (unknown option, missing or unparsable value, missing command) as one
/// line in the CLI's form <c>what (option): why</c>, pointing to <c>--help</c> instead of printing the help text.
/// </summary>
internal static class ParseErrors
{
    /// <summary>A <see cref="InputException"/> for the first error of <paramref name="result"/> (unknown tokens first).</summary>
    public static InputException Describe(ParseResult result)
    {
        string command = CommandPath(result.CommandResult);
        string help = $"see '{command} --help'";
        // Errors of a value (an option's or an argument's) say the most; then unknown words; then the command's own.
        var error = result.Errors.FirstOrDefault(e => e.SymbolResult is OptionResult or ArgumentResult);
        if (error is null && result.UnmatchedTokens.Count > 0)
        {
            string token = result.UnmatchedTokens[0];
            return token.StartsWith('-')
                ? new InputException("unknown option", token, $"'{command}' has no such option; {help}")
                : new InputException("unknown command or argument", token, $"'{command}' does not accept it; {help}");
        }
        error ??= result.Errors[0];
        return error.SymbolResult switch
        {
            OptionResult { IdentifierToken: null } o => new InputException("missing option", o.Option.Name, $"'{command}' needs it; {help}"),
            OptionResult o => Value(o.Option.Name, o.Tokens, o.Option.ValueType),
            ArgumentResult { Parent: OptionResult o } a => Value(o.Option.Name, a.Tokens, a.Argument.ValueType),
            ArgumentResult a when a.Tokens.Count == 0 =>
                new InputException("missing argument", a.Argument.Name, $"'{command}' needs {Expected(a.Argument.ValueType)}; {help}"),
            ArgumentResult a => Value(a.Argument.Name, a.Tokens, a.Argument.ValueType),
            CommandResult c when c.Command.Subcommands.Count > 0 && c.Command.Action is null =>
                new InputException("missing command", command, $"choose one of {string.Join(", ", c.Command.Subcommands.Select(s => s.Name))}; {help}"),
            _ => new InputException("invalid command line", command, $"{error.Message.TrimEnd('.')}; {help}"),
        };
    }

    /// <summary>A value that is missing (the option given last, with nothing after it) or does not convert.</summary>
    private static InputException Value(string name, IReadOnlyList<Token> tokens, Type type) => tokens.Count == 0
        ? new InputException("missing value", name, $"expected {Expected(type)} after it")
        : InputException.InvalidValue(name, string.Join(' ', tokens.Select(t => t.Value)), $"expected {Expected(type)}");

    /// <summary>The words of the command being run, e.g. <c>engine maze2d generate</c>.</summary>
    internal static string CommandPath(CommandResult? c)
    {
        var names = new List<string>();
        for (SymbolResult? s = c; s is not null; s = s.Parent)
            if (s is CommandResult r) names.Add(r.Command is RootCommand ? "engine" : r.Command.Name);
        names.Reverse();
        return names.Count == 0 ? "engine" : string.Join(' ', names);
    }

    /// <summary>What a value of <paramref name="type"/> looks like, in words.</summary>
    private static string Expected(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsArray) return $"one or more values, each {Expected(type.GetElementType()!)}";
        return type switch
        {
            _ when type == typeof(int) => $"an integer from {int.MinValue} to {int.MaxValue}",
            _ when type == typeof(long) => "an integer",
            _ when type == typeof(ulong) => $"a whole number from 0 to {ulong.MaxValue}",
            _ when type == typeof(double) || type == typeof(float) => "a number",
            _ when type == typeof(bool) => "true or false",
            _ => "a value",
        };
    }
}
