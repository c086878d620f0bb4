namespace Engine.Envs.Maze2D;

/// <summary>
/// The eight goals per maze of the paper's expert datasets (docs/reference-facts.md §10), in qpos / logical-grid coordinates,
/// numbered goal1…goal8 in the lexicographic order of (row, col).
/// </summary>
public static class PaperGoals
{
    private static readonly Dictionary<string, (double X, double Y)[]> Goals = new()
    {
        ["open"] = [(1, 1), (1, 5), (1.3, 1.7), (2, 3), (2.3, 4.3), (2.7, 3.1), (3, 1), (3, 5)],
        ["umaze"] = [(1, 1), (1, 2), (1, 3), (1.3, 2.7), (2, 3), (3, 1), (3, 2), (3, 3)],
        ["medium"] = [(1, 1), (1, 6), (2, 2), (4, 4), (4, 6), (5, 3), (6, 1), (6, 6)],
        ["large"] = [(1, 1), (1, 10), (3, 6), (3, 8), (5, 2), (5, 4), (7, 1), (7, 10)],
    };

    /// <summary>The goals of the task's layout (open, umaze, medium or large).</summary>
    public static IReadOnlyList<(double X, double Y)> For(Maze2DTask task) =>
        Goals.TryGetValue(task.Layout.Name, out var goals)
            ? goals
            : throw new ArgumentException($"The paper defines goals only for open, umaze, medium and large, not '{task.Layout.Name}'.", nameof(task));

    /// <summary>The goals of the task's layout; none for a layout the paper did not use.</summary>
    public static IReadOnlyList<(double X, double Y)> TryFor(Maze2DTask task) =>
        Goals.TryGetValue(task.Layout.Name, out var goals) ? goals : [];

    /// <summary>Goal number <paramref name="k"/> (1…8).</summary>
    public static (double X, double Y) Goal(Maze2DTask task, int k)
    {
        var goals = For(task);
        if (k < 1 || k > goals.Count) throw new ArgumentOutOfRangeException(nameof(k), k, $"Goal numbers run from 1 to {goals.Count}.");
        return goals[k - 1];
    }
}
