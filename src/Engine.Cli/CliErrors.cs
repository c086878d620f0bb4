using System.Reflection;
using Engine.Envs.MuJoCo;

namespace Engine.Cli;

/// <summary>
/// The one error path of the command line. A failure the user can cause — a bad option, a missing, corrupt or
/// unwritable file, a missing native library — ends with exactly one line <c>error: &lt;what&gt; (&lt;file/option&gt;): &lt;why&gt;</c>
/// on stderr and exit code <see cref="UserError"/>. Anything else is a bug in engine: one line naming the
/// crash log on stderr, the stack trace in that log (<see cref="CrashLog"/>), exit code <see cref="InternalError"/>.
/// </summary>
internal static class CliErrors
{
    /// <summary>Exit code of a user error (bad input, unusable file or environment).</summary>
    public const int UserError = 2;

    /// <summary>Exit code of an internal error (EX_SOFTWARE of sysexits.h).</summary>
    public const int InternalError = 70;

    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (UserMessage(e) is { } message)
        {
            Console.Error.WriteLine("error: " + OneLine(message));
            return UserError;
        }
        catch (Exception e)
        {
            string log = CrashLog.Write(e);
            Console.Error.WriteLine($"internal error: {e.GetType().Name} — a bug in engine, not in your input; please report it with the log {log}");
            return InternalError;
        }
    }

    /// <summary>The message of an error the user caused, or null for a bug. Wrappers (aggregate, type initialiser, reflection) are looked through.</summary>
    internal static string? UserMessage(Exception e) => Unwrap(e) switch
    {
        CliException c => c.Message,
        ArgumentNullException => null, // a null reaching an argument check is a bug, never input
        ArgumentException a => a.ParamName is { } p ? a.Message.Replace($" (Parameter '{p}')", "") : a.Message,
        InvalidDataException d => d.Message,
        IOException io => io.Message, // file not found, folder not found, disk full, a path that is a folder …
        UnauthorizedAccessException u => u.Message,
        MuJoCoException m => m.Message,
        _ => null,
    };

    private static Exception Unwrap(Exception e) => e switch
    {
        AggregateException { InnerExceptions.Count: 1 } a => Unwrap(a.InnerExceptions[0]),
        TypeInitializationException { InnerException: { } inner } => Unwrap(inner),
        TargetInvocationException { InnerException: { } inner } => Unwrap(inner),
        _ => e,
    };

    /// <summary>
    /// One line: the lines after the first that only restate the value (ArgumentOutOfRangeException's
    /// "Actual value was N.") are dropped, the others are joined with spaces.
    /// </summary>
    internal static string OneLine(string message)
    {
        var lines = message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith("Actual value was", StringComparison.Ordinal));
        return string.Join(" ", lines);
    }
}

/// <summary>
/// An error in what the user asked for; printed as one line. Prefer the three-part form
/// <c>what (file or option): why</c>, e.g. <c>invalid value 'abc' (--steps): expected an integer</c>.
/// </summary>
public sealed class CliException : Exception
{
    public CliException(string message) : base(message) { }

    /// <param name="what">What went wrong, e.g. "invalid value '0'" or "cannot write the output".</param>
    /// <param name="where">The option or file it concerns, e.g. "--cell" or "-o 'maze.png'".</param>
    /// <param name="why">The rule that was broken, e.g. "must be 4 to 512 pixels".</param>
    public CliException(string what, string where, string why) : base($"{what} ({where}): {why}") { }

    /// <summary>A value of an option that breaks its rule.</summary>
    public static CliException Invalid(string option, object? value, string why) =>
        new($"invalid value '{value}'", option, why);
}
