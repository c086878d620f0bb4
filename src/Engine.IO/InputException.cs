namespace Engine.IO;

/// <summary>
/// Input that cannot be used — a file, a command-line option, a configuration member, a run folder — described in
/// the three parts of the command line's error line <c>error: &lt;what&gt; (&lt;where&gt;): &lt;why&gt;</c>:
/// <see cref="What"/> went wrong, <see cref="Where"/> (the file, option or member), and <see cref="Why"/> (the rule
/// broken, and what to do). Every loader and every validation whose message reaches the user throws this type;
/// anything else reaching the command line is a bug.
/// </summary>
/// <remarks>
/// Sealed, so that there is one error type to format, not a family to keep in step; a library type that cannot derive
/// from it (MuJoCoException) carries the same three parts. Each part is folded into one line, so the message is always
/// one line. <see cref="InvalidDataException"/> (sealed itself) stays for in-memory checks such as a state dict that
/// does not fit a module; a loader wraps it in an <see cref="InputException"/> naming the file.
/// </remarks>
public sealed class InputException : Exception
{
    /// <param name="what">What went wrong, e.g. "invalid value '0'", "corrupt safetensors file", "run folder in use".</param>
    /// <param name="where">Where: an option (<c>--cell</c>), a file (<see cref="Location"/>), a file and a member inside it.</param>
    /// <param name="why">The rule that was broken and, where there is one, the remedy.</param>
    /// <param name="inner">The low-level exception this one explains, if any.</param>
    public InputException(string what, string where, string why, Exception? inner = null)
        : base($"{Fold(what)} ({Fold(where)}): {Fold(why)}", inner)
    {
        What = Fold(what);
        Where = Fold(where);
        Why = Fold(why);
    }

    /// <summary>What went wrong (one line).</summary>
    public string What { get; }

    /// <summary>The file, option or member concerned (one line).</summary>
    public string Where { get; }

    /// <summary>The rule that was broken (one line).</summary>
    public string Why { get; }

    /// <summary>A value of an option or setting that breaks its rule: <c>invalid value 'v' (where): why</c>.</summary>
    public static InputException InvalidValue(string where, object? value, string why) =>
        new($"invalid value '{value}'", where, why);

    /// <summary>
    /// The <see cref="Where"/> of a file, optionally of a member inside it: <c>'path'</c>, or <c>'path' member</c>
    /// where the member is a JSON path (<c>$.diffusion.dimMults</c>), an HDF5 dataset (<c>/observations</c>) or a tensor.
    /// </summary>
    public static string Location(string path, string? member = null) =>
        member is null ? $"'{path}'" : $"'{path}' {member}";

    /// <summary>
    /// The same error at a place the caller knows better: a member path becomes the option that set it, or the
    /// file it was read from (<see cref="Location"/>). The original is kept as the inner exception.
    /// </summary>
    public InputException Relocated(string where) => new(What, where, Why, this);

    /// <summary>One line: line breaks and the runtime's "Actual value was N." restatement removed, runs of space collapsed.</summary>
    public static string Fold(string text)
    {
        var lines = text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith("Actual value was", StringComparison.Ordinal));
        return string.Join(" ", lines);
    }
}
