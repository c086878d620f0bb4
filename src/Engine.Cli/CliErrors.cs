namespace Engine.Cli;

/// <summary>
/// Turns user errors into one line on stderr and a non-zero exit code, with no stack trace.
/// Anything thrown as <see cref="ArgumentException"/>, <see cref="InvalidDataException"/>,
/// <see cref="FileNotFoundException"/> or <see cref="CliException"/> is a user error.
/// </summary>
internal static class CliErrors
{
    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (IsUserError(e))
        {
            // ArgumentException appends " (Parameter 'x')" to its message; the message already names the problem.
            var message = e is ArgumentException { ParamName: { } p } ? e.Message.Replace($" (Parameter '{p}')", "") : e.Message;
            Console.Error.WriteLine($"error: {message}");
            return 2;
        }
    }

    private static bool IsUserError(Exception e) =>
        e is ArgumentException or InvalidDataException or FileNotFoundException or DirectoryNotFoundException or CliException
        || (e is InvalidOperationException && e.Message.Contains("device", StringComparison.OrdinalIgnoreCase));
}

/// <summary>An error in what the user asked for; printed as one line.</summary>
public sealed class CliException(string message) : Exception(message);
