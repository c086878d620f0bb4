using System.Globalization;

namespace Engine.Cli;

/// <summary>Comma-separated option values ("0,1,2", "0.1,0.2"), one parser for every command.</summary>
internal static class OptionLists
{
    /// <summary>The items of <paramref name="text"/> (empty items dropped); a bad item is one <see cref="InputException"/> naming the option and <paramref name="rule"/>.</summary>
    public static T[] Parse<T>(string option, string text, Func<string, T> parse, string rule)
    {
        try { return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(parse).ToArray(); }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw InputException.InvalidValue(option, text, rule);
        }
    }

    public static int[] Integers(string option, string text, string rule) =>
        Parse(option, text, v => int.Parse(v, NumberStyles.Integer, CultureInfo.InvariantCulture), rule);

    public static double[] Numbers(string option, string text, string rule) =>
        Parse(option, text, v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture), rule);
}
