using System.CommandLine;
using System.CommandLine.Parsing;

namespace Engine.Cli;

/// <summary>
/// Re-places a library's setting error at what the user typed. Configuration records validate themselves and name
/// a bad setting by its member (<c>$.reward.windowHorizon</c>, <c>Episodes</c>); the user set it with an option or
/// in a configuration file, and the error line should name that: <c>(--window)</c> or <c>('c.json' $.reward.windowHorizon)</c>.
/// </summary>
internal static class SettingErrors
{
    /// <summary>Runs <paramref name="validate"/>; an <see cref="InputException"/> at a member is re-placed as <see cref="Place"/> says.</summary>
    /// <param name="validate">The record's own validation.</param>
    /// <param name="parse">The command line, to tell which options were given.</param>
    /// <param name="options">Each option with the member it sets.</param>
    /// <param name="configFile">The configuration file the record was read from, if any.</param>
    public static T Check<T>(Func<T> validate, ParseResult parse, IEnumerable<(Option Option, string Member)> options, string? configFile = null)
    {
        try
        {
            return validate();
        }
        catch (InputException e)
        {
            var all = options.Select(o => (o.Option.Name, o.Member, Given: parse.GetResult(o.Option) is OptionResult { Implicit: false })).ToList();
            throw Place(e.Where, all, configFile) is { } where ? e.Relocated(where) : e;
        }
    }

    /// <summary>
    /// Where the user set <paramref name="member"/>: the option given for it (or for a member containing it) wins, since
    /// options override the file; else a JSON member (<c>$.…</c>) is in <paramref name="configFile"/>; else the option
    /// that would set it (the value was a default the user can change there); else null: the member stays.
    /// </summary>
    internal static string? Place(string member, IReadOnlyList<(string Option, string Member, bool Given)> options, string? configFile)
    {
        bool Sets(string m) => member == m || member.StartsWith(m + ".", StringComparison.Ordinal) || member.StartsWith(m + "[", StringComparison.Ordinal);
        if (options.FirstOrDefault(o => o.Given && Sets(o.Member)) is { Option: { } given }) return given;
        if (configFile is not null && member.StartsWith('$')) return InputException.Location(configFile, member);
        return options.FirstOrDefault(o => Sets(o.Member)).Option;
    }
}
