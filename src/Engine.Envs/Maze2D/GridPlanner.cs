namespace Engine.Envs.Maze2D;

/// <summary>
/// D4RL's grid planner (D4RL's d4rl/pointmaze/q_iteration.py and gridcraft/): deterministic grid world over the maze cells with actions NOOP, UP (0, −1),
/// DOWN (0, +1), LEFT (−1, 0), RIGHT (+1, 0) — (Δrow, Δcol) — where moves into walls or off the grid become NOOP;
/// reward 1 in the target cell; tabular Q-iteration Q ← R(s) + γ·max_a' Q(s', a') from Q = 0 for a fixed number of
/// iterations; waypoints by a greedy rollout (ties → lowest action index).
/// </summary>
/// <param name="layout">The maze; every cell, walls included, is a state.</param>
/// <param name="iterations">Q-iteration sweeps (D4RL's official controller uses 50, the fork 25).</param>
/// <param name="discount">γ of the Q-iteration.</param>
public sealed class GridPlanner(MazeLayout layout, int iterations, double discount = 0.99)
{
    /// <summary>The five moves (Δrow, Δcol), indexed by action: NOOP, then the four neighbours in D4RL's order.</summary>
    public static readonly (int DRow, int DCol)[] Actions = [(0, 0), (0, -1), (0, 1), (-1, 0), (1, 0)];
    /// <summary>Greedy rollout length limit (D4RL: 100 grid steps).</summary>
    public const int MaxRolloutSteps = 100;

    /// <summary>The maze planned in.</summary>
    public MazeLayout Layout { get; } = layout;
    /// <summary>Q-iteration sweeps per plan (&gt; 0; the constructor throws <see cref="ArgumentOutOfRangeException"/> otherwise).</summary>
    public int Iterations { get; } = iterations > 0 ? iterations : throw new ArgumentOutOfRangeException(nameof(iterations), iterations, "Q-iteration needs at least one iteration.");

    private int Index(int row, int col) => row * Layout.Cols + col;

    /// <summary>Next cell of the grid world; walls and the border turn a move into NOOP. Wall cells are states too.</summary>
    public (int Row, int Col) Next((int Row, int Col) cell, int action)
    {
        var (dr, dc) = Actions[action];
        int r = cell.Row + dr, c = cell.Col + dc;
        return r < 0 || r >= Layout.Rows || c < 0 || c >= Layout.Cols || Layout.IsWall(r, c) ? cell : (r, c);
    }

    /// <summary>Q-values <c>[Rows·Cols, 5]</c> (state index row·Cols + col) for reaching <paramref name="target"/>.</summary>
    public double[] QValues((int Row, int Col) target)
    {
        int states = Layout.Rows * Layout.Cols;
        var q = new double[states * 5];
        var v = new double[states];
        var next = new int[states * 5];
        for (int r = 0; r < Layout.Rows; r++)
            for (int c = 0; c < Layout.Cols; c++)
                for (int a = 0; a < 5; a++)
                {
                    var (nr, nc) = Next((r, c), a);
                    next[Index(r, c) * 5 + a] = Index(nr, nc);
                }
        int targetIndex = Index(target.Row, target.Col);
        for (int k = 0; k < Iterations; k++)
        {
            for (int s = 0; s < states; s++)
                for (int a = 0; a < 5; a++)
                    q[s * 5 + a] = (s == targetIndex ? 1.0 : 0.0) + discount * v[next[s * 5 + a]];
            for (int s = 0; s < states; s++)
            {
                double best = q[s * 5];
                for (int a = 1; a < 5; a++) best = Math.Max(best, q[s * 5 + a]);
                v[s] = best;
            }
        }
        return q;
    }

    /// <summary>
    /// Cells visited by the greedy rollout from <paramref name="start"/>, excluding the start, ending at the target
    /// when it is reached within <see cref="MaxRolloutSteps"/>.
    /// </summary>
    public List<(int Row, int Col)> Path((int Row, int Col) start, (int Row, int Col) target)
    {
        var q = QValues(target);
        var path = new List<(int, int)>();
        var s = (Math.Clamp(start.Row, 0, Layout.Rows - 1), Math.Clamp(start.Col, 0, Layout.Cols - 1));
        for (int i = 0; i < MaxRolloutSteps; i++)
        {
            int si = Index(s.Item1, s.Item2);
            int bestAction = 0;
            for (int a = 1; a < 5; a++)
                if (q[si * 5 + a] > q[si * 5 + bestAction]) bestAction = a;
            s = Next(s, bestAction);
            path.Add(s);
            if (s == target) break;
        }
        return path;
    }
}
