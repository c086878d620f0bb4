using System.Globalization;
using System.Text.Json.Serialization;
using Engine.Envs.Maze2D;

namespace Engine.Experiments.Maze2D;

/// <summary>
/// One goal of the maze experiment: a paper goal number (1…8, <see cref="PaperGoals"/>) or a point (x, y) of the maze's
/// logical grid (qpos frame: x the row, y the column). A point exactly at one of the maze's paper goals is that goal
/// (<see cref="Maze2DConfig.Validated"/> rewrites it to its number), so it shares the number's folder, random streams and
/// results. In JSON a number is written as itself and a point as the string "x,y".
/// </summary>
[JsonConverter(typeof(MazeGoalJsonConverter))]
public readonly record struct MazeGoal : IComparable<MazeGoal>
{
    private MazeGoal(bool numbered, int number, double x, double y) => (IsNumbered, Number, X, Y) = (numbered, number, x, y);

    /// <summary>Whether this is a paper goal number rather than a point.</summary>
    public bool IsNumbered { get; }

    /// <summary>The paper goal number (meaningful when <see cref="IsNumbered"/>; validated to 1…8 by the configuration).</summary>
    public int Number { get; }

    /// <summary>The point's row coordinate (0 for a numbered goal).</summary>
    public double X { get; }

    /// <summary>The point's column coordinate (0 for a numbered goal).</summary>
    public double Y { get; }

    /// <summary>Paper goal number <paramref name="k"/>.</summary>
    public static MazeGoal Paper(int k) => new(true, k, 0, 0);

    /// <summary>The point (<paramref name="x"/>, <paramref name="y"/>) of the logical grid.</summary>
    public static MazeGoal At(double x, double y) => new(false, 0, x, y);

    /// <summary>Paper goal numbers convert implicitly, so <c>Goals = [1, 4]</c> reads as before.</summary>
    public static implicit operator MazeGoal(int k) => Paper(k);

    /// <summary>The goal's position in the logical grid.</summary>
    public (double X, double Y) Position(Maze2DTask task) => IsNumbered ? PaperGoals.Goal(task, Number) : (X, Y);

    /// <summary>
    /// The index that names the goal's random streams and bootstrap draws: the number for a paper goal (as before
    /// points existed, so numbered runs are unchanged), else a 62-bit hash of the point's exact bits, far above 8.
    /// </summary>
    public long Key => IsNumbered
        ? Number
        : (long)(ExperimentSeeds.Derive(0, "maze2d/goal-at", BitConverter.DoubleToInt64Bits(X), BitConverter.DoubleToInt64Bits(Y)) >> 2) + 1000;

    /// <summary>The goal's part of folder and file names: <c>goal3</c>, <c>goal-at-2.5_6</c>.</summary>
    public string FileName => IsNumbered ? $"goal{Number}" : $"goal-at-{Format(X)}_{Format(Y)}";

    /// <summary>"3" for a paper goal, "2.5,6" for a point (the form <see cref="TryParse"/> reads).</summary>
    public override string ToString() => IsNumbered ? Number.ToString(CultureInfo.InvariantCulture) : $"{Format(X)},{Format(Y)}";

    /// <summary>"goal 3" or "goal (2.5, 6)", for progress lines and reports.</summary>
    public string Label => IsNumbered ? $"goal {Number}" : $"goal ({Format(X)}, {Format(Y)})";

    /// <summary>Reads "k" (a paper goal number) or "x,y" (a point); null when the text is neither.</summary>
    public static MazeGoal? TryParse(string text)
    {
        text = text.Trim();
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int k)) return Paper(k);
        var parts = text.Split(',');
        return parts.Length == 2
               && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double x) && double.IsFinite(x)
               && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double y) && double.IsFinite(y)
            ? At(x, y)
            : null;
    }

    /// <summary>Paper goals first, by number; then points by row, then column.</summary>
    public int CompareTo(MazeGoal other)
    {
        if (IsNumbered != other.IsNumbered) return IsNumbered ? -1 : 1;
        if (IsNumbered) return Number.CompareTo(other.Number);
        int c = X.CompareTo(other.X);
        return c != 0 ? c : Y.CompareTo(other.Y);
    }

    /// <summary>The shortest text that reads back to the same double.</summary>
    internal static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
