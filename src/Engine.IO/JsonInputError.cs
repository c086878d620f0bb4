using System.Text.Json;

namespace Engine.IO;

/// <summary>
/// Turns System.Text.Json's deserialisation errors into <see cref="InputException"/>s that name the file and the
/// member by its JSON path (<c>'c.json' $.diffusion.dimMults</c>) and say the rule in words ("must not be null",
/// "expected an integer …", "no such member"), instead of the serializer's .NET type names and position suffix.
/// Shared by every JSON file engine reads: configurations, checkpoints, run records.
/// </summary>
public static class JsonInputError
{
    /// <param name="what">What the file was supposed to be, e.g. "invalid configuration" or "corrupt MPC checkpoint".</param>
    /// <param name="path">The file.</param>
    /// <param name="e">The serializer's error.</param>
    public static InputException Describe(string what, string path, JsonException e) =>
        new(what, InputException.Location(path, e.Path ?? "$"), Why(e), e);

    /// <summary>The rule in words, from the serializer's message.</summary>
    internal static string Why(JsonException e)
    {
        string message = WithoutPosition(e.Message);
        if (message.Contains("doesn't allow setting null values", StringComparison.Ordinal)) return "must not be null";
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal)) return "no such member (names are case-sensitive)";
        const string converted = "could not be converted to ";
        int at = message.IndexOf(converted, StringComparison.Ordinal);
        if (at >= 0) return "expected " + Expected(message[(at + converted.Length)..].TrimEnd('.'));
        // A syntax error: the position is the useful part (lines counted from 1, as editors do).
        return e.LineNumber is long line && e.BytePositionInLine is long column
            ? $"not valid JSON at line {line + 1}, byte {column + 1}: {message.TrimEnd('.')}"
            : message.TrimEnd('.');
    }

    private static string WithoutPosition(string message)
    {
        foreach (var marker in new[] { " Path: ", " LineNumber: " })
        {
            int at = message.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0) message = message[..at];
        }
        return message.Trim();
    }

    /// <summary>A .NET type name from the serializer's message, in words.</summary>
    private static string Expected(string type)
    {
        if (type.EndsWith("[]", StringComparison.Ordinal)) return $"a list, each item {Expected(type[..^2])}";
        return type switch
        {
            "System.Int32" => $"an integer from {int.MinValue} to {int.MaxValue}",
            "System.Int64" => "an integer",
            "System.UInt64" => $"a whole number from 0 to {ulong.MaxValue}",
            "System.Double" or "System.Single" => "a number",
            "System.String" => "a string",
            "System.Boolean" => "true or false",
            _ when type.StartsWith("System.Collections.Generic.List`1[", StringComparison.Ordinal) =>
                $"a list, each item {Expected(type["System.Collections.Generic.List`1[".Length..^1])}",
            // A converter that names what it reads in words ("a goal: a number or \"x,y\"") is quoted as it is.
            _ when type.Contains(' ', StringComparison.Ordinal) => type,
            _ => $"a value of type {type[(type.LastIndexOf('.') + 1)..].Replace('+', '.')}",
        };
    }
}
