using Engine.Envs.Maze2D;
using Engine.Rewards.Evaluation;

namespace Engine.Experiments.Maze2D;

/// <summary>
/// The two goal criteria of the maze report and what a blind guess scores under each. The one-cell criterion
/// is the paper's (<see cref="GoalAccuracy.IsWithinOneCell"/>); the nearest-goal criterion asks that, of a set of
/// competing goals (<see cref="Competitors"/>), the true one be the nearest to the reward's maximum, which a maximum
/// near a neighbouring goal fails.
/// </summary>
public static class GoalCriteria
{
    /// <summary>The number (1…8) of the paper goal nearest to a point (the lower number at a tie).</summary>
    public static int NearestPaperGoal(Maze2DTask task, (double X, double Y) p) => Nearest(PaperGoals.For(task), p) + 1;

    /// <summary>The index of the point of <paramref name="goals"/> nearest to <paramref name="p"/> (the lower index at a tie).</summary>
    public static int Nearest(IReadOnlyList<(double X, double Y)> goals, (double X, double Y) p) =>
        goals.Select((q, i) => (D: GoalAccuracy.Distance(p, q), I: i)).OrderBy(v => v.D).ThenBy(v => v.I).First().I;

    /// <summary>
    /// The goals that <paramref name="goal"/> competes with under the nearest-goal criterion, and its own index among them.
    /// On a paper maze: the maze's eight paper goals, in number order, then — for a point goal — the point itself. So a
    /// paper goal is judged as it always was, and a point goal against the same eight, whatever else the run asks for:
    /// its result does not change when goals are added to the run or split across shards. On a user layout, which has
    /// no paper goals, the same idea with what the paper's goals mostly are, cell centres: the centre of every free
    /// cell (row-major, less one that coincides with the goal), then the goal — the maximum must lie nearer the goal
    /// than any other cell's centre.
    /// </summary>
    public static (IReadOnlyList<(double X, double Y)> Goals, int Own) Competitors(Maze2DConfig config, MazeGoal goal)
    {
        var task = config.Task;
        if (config.Layout is not null)
        {
            var p = goal.Position(task);
            var centres = task.Layout.FreeCells.OrderBy(c => c.Row).ThenBy(c => c.Col).Select(c => ((double)c.Row, (double)c.Col)).Where(c => c != p).ToList();
            return ([.. centres, p], centres.Count);
        }
        var paper = PaperGoals.For(task);
        return goal.IsNumbered ? (paper, goal.Number - 1) : ([.. paper, (goal.X, goal.Y)], paper.Count);
    }

    /// <summary>Whether the maximum <paramref name="p"/> is nearer to <paramref name="goal"/> than to any of its competitors.</summary>
    public static bool IsNearest(Maze2DConfig config, MazeGoal goal, (double X, double Y) p)
    {
        var (goals, own) = Competitors(config, goal);
        return Nearest(goals, p) == own;
    }

    /// <summary>Chance levels of paper goal <paramref name="goal"/> of a paper maze (see <see cref="Chance(Maze2DConfig, MazeGoal)"/>).</summary>
    public static (double WithinOneCell, double NearestGoal) Chance(Maze2DTask task, int goal) =>
        Chance(task.Layout, PaperGoals.For(task), goal - 1);

    /// <summary>
    /// Chance levels of a goal of a configuration: the share of the maze's free-space heatmap bins whose centre
    /// passes each criterion. The reward's maximum is always a bin centre of a visited (so free-space) bin, so this is
    /// exactly the hit rate of a maximum placed uniformly at random on the free-space bins — the discrete form of "a
    /// uniformly random free-space point" (10 × 10 bins per cell; it differs from the continuous area ratio by the
    /// quadrature error of the bin grid, well under a percentage point).
    /// </summary>
    public static (double WithinOneCell, double NearestGoal) Chance(Maze2DConfig config, MazeGoal goal)
    {
        var (goals, own) = Competitors(config, goal);
        return Chance(config.Task.Layout, goals, own);
    }

    private static (double WithinOneCell, double NearestGoal) Chance(MazeLayout layout, IReadOnlyList<(double X, double Y)> goals, int own)
    {
        var target = goals[own];
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
                if (Nearest(goals, p) == own) nearest++;
            }
        return ((double)oneCell / free, (double)nearest / free);
    }
}
