using Engine.Envs.Maze2D;
using Engine.Rewards.Evaluation;

namespace Engine.Experiments.Maze2D;

/// <summary>
/// The two goal criteria of the maze report and what a blind guess scores under each. The one-cell criterion
/// is the paper's (<see cref="GoalAccuracy.IsWithinOneCell"/>); the nearest-goal criterion asks that, of the maze's
/// eight paper goals, the true one be the nearest to the reward's maximum, which a maximum near a neighbouring
/// goal fails.
/// </summary>
public static class GoalCriteria
{
    /// <summary>The number (1…8) of the paper goal nearest to a point (the lower number at a tie).</summary>
    public static int NearestPaperGoal(Maze2DTask task, (double X, double Y) p) =>
        PaperGoals.For(task).Select((q, i) => (D: GoalAccuracy.Distance(p, q), K: i + 1)).OrderBy(v => v.D).ThenBy(v => v.K).First().K;

    /// <summary>
    /// Chance levels of goal <paramref name="goal"/>: the share of the maze's free-space heatmap bins whose centre
    /// passes each criterion. The reward's maximum is always a bin centre of a visited (so free-space) bin, so this is
    /// exactly the hit rate of a maximum placed uniformly at random on the free-space bins — the discrete form of "a
    /// uniformly random free-space point" (10 × 10 bins per cell; it differs from the continuous area ratio by the
    /// quadrature error of the bin grid, well under a percentage point).
    /// </summary>
    public static (double WithinOneCell, double NearestGoal) Chance(Maze2DTask task, int goal)
    {
        var target = PaperGoals.Goal(task, goal);
        var layout = task.Layout;
        int per = RewardHeatmap.BinsPerCell, free = 0, oneCell = 0, nearest = 0;
        for (int a = 0; a < layout.Rows * per; a++)
            for (int b = 0; b < layout.Cols * per; b++)
            {
                // Bin centres as RewardHeatmap.ArgMax reports them; never on a cell boundary, so CellOf is unambiguous.
                (double X, double Y) p = ((a + 0.5) / per - 0.5, (b + 0.5) / per - 0.5);
                var (row, col) = MazeLayout.CellOf(p.X, p.Y);
                if (!layout.IsFree(row, col)) continue;
                free++;
                if (GoalAccuracy.IsWithinOneCell(p, target)) oneCell++;
                if (NearestPaperGoal(task, p) == goal) nearest++;
            }
        return ((double)oneCell / free, (double)nearest / free);
    }
}
