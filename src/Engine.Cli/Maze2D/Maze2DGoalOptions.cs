using System.Globalization;
using Engine.Envs.Maze2D;
using Engine.Experiments.Maze2D;

namespace Engine.Cli.Maze2D;

/// <summary>
/// The goal and layout options of `engine maze2d`: <c>--goals</c> (paper goal numbers, <c>all</c>, or <c>random:N</c>
/// drawn with <c>--goal-seed</c>), <c>--goal-at x,y</c> (repeatable points) and <c>--layout FILE</c>. Each error names
/// the option that carried the bad value.
/// </summary>
internal static class Maze2DGoalOptions
{
    /// <summary>
    /// The configuration on the user's layout: its name and rows. Paper goal numbers mean nothing there, so goals that
    /// are all numbers (the default) become the layout's G cell when it has one; the goal options may then replace them.
    /// </summary>
    public static Maze2DConfig WithLayout(Maze2DConfig c, string path)
    {
        var layout = MazeLayoutFile.Load(CliPaths.InputFile("--layout", path));
        c = c with { Maze = layout.Name, Layout = [.. layout.Lines] };
        return c.Goals.All(g => g.IsNumbered) && layout.GoalCells.Count > 0 ? c with { Goals = [MazeGoal.At(layout.GoalCells[0].Row, layout.GoalCells[0].Col)] } : c;
    }

    /// <summary>
    /// The goals the options ask for on <paramref name="c"/>'s maze: the <c>--goals</c> list (or, without it, the
    /// configuration's goals unless points are given), then the <c>--goal-at</c> points, each checked against the maze.
    /// </summary>
    public static MazeGoal[] Goals(Maze2DConfig c, string? goalsText, IReadOnlyList<string> points, int goalSeed)
    {
        var task = c.Task;
        var at = points.Select(text => Point(task, text)).ToList();
        MazeGoal[] listed = goalsText is null ? (at.Count > 0 ? [] : c.Goals) : List(c, goalsText, goalSeed);
        return [.. listed, .. at];
    }

    private static MazeGoal Point(Maze2DTask task, string text)
    {
        if (MazeGoal.TryParse(text) is not { IsNumbered: false } p)
            throw InputException.InvalidValue("--goal-at", text, "must be a point row,col of the maze's grid, e.g. 2.5,6");
        if (GoalPlacement.Problem(task.Layout, p.X, p.Y) is { } why) throw InputException.InvalidValue("--goal-at", text, why);
        return p;
    }

    private static MazeGoal[] List(Maze2DConfig c, string text, int goalSeed)
    {
        string t = text.Trim().ToLowerInvariant();
        if (t == "all") return [1, 2, 3, 4, 5, 6, 7, 8];
        if (t.StartsWith("random:", StringComparison.Ordinal))
        {
            if (!int.TryParse(t["random:".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n is < 1 or > 64)
                throw InputException.InvalidValue("--goals", text, "random:N needs a count N from 1 to 64, e.g. random:8");
            return RandomGoals.Draw(c.Task, c.MazeTag, n, goalSeed);
        }
        return [.. OptionLists.Integers("--goals", text, $"must be all, random:N or a comma-separated list of integers from 0 to {int.MaxValue}").Select(k => (MazeGoal)k)];
    }
}
