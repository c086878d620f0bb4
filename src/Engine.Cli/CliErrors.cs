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

    /// <summary>
    /// The command being run (<c>engine maze2d generate</c>), set once the command line is parsed: the place named by
    /// an error that knows no better one (an operating-system error without a path).
    /// </summary>
    public static string Command { get; set; } = "engine";

    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (AsUserError(e) is { } error)
        {
            Console.Error.WriteLine(Line(error));
            return UserError;
        }
        catch (Exception e)
        {
            string log = CrashLog.Write(e);
            Console.Error.WriteLine($"internal error: {e.GetType().Name} — a bug in engine, not in your input; please report it with the log {log}");
            return InternalError;
        }
    }

    /// <summary>The one line of a user error: <c>error: what (where): why</c>.</summary>
    internal static string Line(InputException e) => $"error: {e.What} ({e.Where}): {e.Why}";

    /// <summary>
    /// The error the user caused, in its three parts, or null for a bug. Wrappers (aggregate, type initialiser,
    /// reflection) are looked through. Libraries throw <see cref="InputException"/> for input they refuse, and
    /// <see cref="MuJoCoException"/> carries the same three parts; the operating system's own errors (a disk that
    /// fills up, a permission taken away mid-run) are the user's environment, not a bug, and get the same shape
    /// here. An <see cref="ArgumentException"/> or a bare <see cref="InvalidDataException"/> is a bug: input reaches
    /// the libraries only through checks that throw <see cref="InputException"/>.
    /// </summary>
    internal static InputException? AsUserError(Exception e) => Unwrap(e) switch
    {
        InputException i => i,
        MuJoCoException m => new InputException(m.What, m.Where, m.Why, m),
        FileNotFoundException f => new InputException("file not found", f.FileName is { } name ? InputException.Location(name) : Command, f.Message, f),
        IOException io => new InputException("input/output error", Command, io.Message, io),
        UnauthorizedAccessException u => new InputException("permission denied", Command, u.Message, u),
        _ => null,
    };

    private static Exception Unwrap(Exception e) => e switch
    {
        AggregateException { InnerExceptions.Count: 1 } a => Unwrap(a.InnerExceptions[0]),
        TypeInitializationException { InnerException: { } inner } => Unwrap(inner),
        TargetInvocationException { InnerException: { } inner } => Unwrap(inner),
        _ => e,
    };
}
