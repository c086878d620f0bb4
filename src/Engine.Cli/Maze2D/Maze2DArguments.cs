using System.CommandLine;
using System.Globalization;
using Engine.Envs.Maze2D;

namespace Engine.Cli.Maze2D;

/// <summary>Parsing shared by the maze2d subcommands.</summary>
internal static class Maze2DArguments
{
    /// <summary>A goal given as a paper goal number 1…8 or as "row,col" (continuous coordinates allowed).</summary>
    public static (double X, double Y) ParseGoal(Maze2DTask task, string text)
    {
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int k))
        {
            int count = PaperGoals.TryFor(task).Count;
            if (count == 0) throw InputException.InvalidValue("--goal", text, $"maze '{task.Layout.Name}' has no paper goals; give 'row,col'");
            return k >= 1 && k <= count ? PaperGoals.Goal(task, k) : throw InputException.InvalidValue("--goal", text, $"goal numbers run from 1 to {count}");
        }
        var parts = text.Split(',');
        if (parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double x)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double y))
            return (x, y);
        throw InputException.InvalidValue("--goal", text, "must be a goal number 1–8 or 'row,col' (e.g. 3 or 1.3,2.7)");
    }

    /// <summary>The environment of a command that takes exactly one of <c>--maze NAME</c> and <c>--layout FILE</c> (a user maze, <see cref="MazeLayoutFile"/>).</summary>
    public static Maze2DTask Task(ParseResult result, Option<string?> maze, Option<string?> layout)
    {
        string? name = result.GetValue(maze), file = result.GetValue(layout);
        if (name is not null && file is not null) throw InputException.InvalidValue("--layout", file, "give either --maze or --layout, not both");
        if (file is not null) return Maze2DTask.Custom(MazeLayoutFile.Load(CliPaths.InputFile("--layout", file)));
        return name is not null ? Maze2DTask.Named(name, "--maze") : throw new InputException("missing option", "--maze", "give --maze NAME or --layout FILE");
    }

    /// <summary>An integer option that must lie in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static int InRange(string option, int value, int min, int max, string unit = "") =>
        value >= min && value <= max ? value : throw InputException.InvalidValue(option, value, $"must be from {min} to {max}{unit}");

    /// <summary>Sizes such as 10000, 10k, 1m, 10M.</summary>
    public static long ParseSize(string text, string option = "--size")
    {
        string t = text.Trim().ToLowerInvariant();
        long multiplier = t.EndsWith('k') ? 1_000 : t.EndsWith('m') ? 1_000_000 : 1;
        if (multiplier > 1) t = t[..^1];
        if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || value <= 0 || value * multiplier > int.MaxValue / 8)
            throw InputException.InvalidValue(option, text, "must be a positive count such as 10000, 10k, 1m or 10m");
        return (long)Math.Round(value * multiplier);
    }
}
