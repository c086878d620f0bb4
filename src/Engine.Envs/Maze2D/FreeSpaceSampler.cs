namespace Engine.Envs.Maze2D;

/// <summary>How a start/goal cell is chosen before the position inside it is drawn.</summary>
public enum CellWeighting
{
    /// <summary>∝ the cell's usable area, then rejection: exactly uniform over free space kept <c>margin</c> from walls (the paper's description).</summary>
    Area,
    /// <summary>∝ 1 / area as the relative-reward fork's generator codes it (docs/reference-facts.md §10), with its square corner correction.</summary>
    InverseArea,
}

/// <summary>
/// Draws continuous positions in a maze's free space, in the logical grid frame where cell (i, j) spans
/// [i − 0.5, i + 0.5] × [j − 0.5, j + 0.5], at least <see cref="Margin"/> from every wall cell (the fork's
/// <c>fill_square</c> sampling with <c>wall_dist_thresh</c> 0.26). Each free cell's interval per axis is shrunk by the
/// margin on sides that border a wall; draws closer than the margin to a diagonal wall corner are rejected and redrawn
/// from the cell choice on. For the open maze both weightings reduce to the fork's "openspace" draw, uniform in
/// [0.5 + m, rows − 1.5 − m] × [0.5 + m, cols − 1.5 − m].
/// </summary>
public sealed class FreeSpaceSampler
{
    private readonly (int Row, int Col, double X0, double X1, double Y0, double Y1)[] _cells;
    private readonly double[] _cumulative;

    /// <summary>The maze whose free space is sampled.</summary>
    public MazeLayout Layout { get; }
    /// <summary>Least distance from a draw to any wall cell, in cells, in [0, 0.5).</summary>
    public double Margin { get; }
    /// <summary>How the cell is chosen (always <see cref="CellWeighting.Area"/> for the open maze).</summary>
    public CellWeighting Weighting { get; }

    /// <summary>A sampler over <paramref name="layout"/>'s free cells.</summary>
    /// <param name="layout">The maze.</param>
    /// <param name="margin">Least distance to walls, in cells (the fork's 0.26).</param>
    /// <param name="weighting">How a cell is chosen; ignored for the open maze.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="margin"/> is outside [0, 0.5).</exception>
    public FreeSpaceSampler(MazeLayout layout, double margin = 0.26, CellWeighting weighting = CellWeighting.Area)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (!(margin >= 0 && margin < 0.5)) throw new ArgumentOutOfRangeException(nameof(margin), margin, "The wall margin must lie in [0, 0.5).");
        Layout = layout;
        Margin = margin;
        Weighting = layout == MazeLayout.Open ? CellWeighting.Area : weighting;
        var cells = new List<(int, int, double, double, double, double)>();
        var weights = new List<double>();
        foreach (var (r, c) in layout.FreeCells)
        {
            double x0 = r - 0.5 + (layout.IsWall(r - 1, c) ? margin : 0), x1 = r + 0.5 - (layout.IsWall(r + 1, c) ? margin : 0);
            double y0 = c - 0.5 + (layout.IsWall(r, c - 1) ? margin : 0), y1 = c + 0.5 - (layout.IsWall(r, c + 1) ? margin : 0);
            double area = (x1 - x0) * (y1 - y0);
            if (Weighting == CellWeighting.InverseArea)
            {
                // A wall touching the cell only at a corner (both sides of that corner free) cuts a margin² square.
                foreach (var (dr, dc) in new[] { (-1, -1), (-1, 1), (1, -1), (1, 1) })
                    if (layout.IsWall(r + dr, c + dc) && !layout.IsWall(r + dr, c) && !layout.IsWall(r, c + dc))
                        area -= margin * margin;
            }
            cells.Add((r, c, x0, x1, y0, y1));
            weights.Add(Weighting == CellWeighting.Area ? area : 1.0 / area);
        }
        _cells = cells.ToArray();
        _cumulative = new double[weights.Count];
        double total = 0;
        for (int i = 0; i < weights.Count; i++) _cumulative[i] = total += weights[i];
    }

    /// <summary>Distance from (x, y) to the nearest wall cell among the 8 neighbours of its cell (logical frame).</summary>
    public double DistanceToWall(double x, double y)
    {
        var (row, col) = MazeLayout.CellOf(x, y);
        double best = double.PositiveInfinity;
        for (int r = row - 1; r <= row + 1; r++)
            for (int c = col - 1; c <= col + 1; c++)
            {
                if (!Layout.IsWall(r, c)) continue;
                double dx = Math.Max(Math.Max(r - 0.5 - x, 0), x - (r + 0.5));
                double dy = Math.Max(Math.Max(c - 0.5 - y, 0), y - (c + 0.5));
                best = Math.Min(best, Math.Sqrt(dx * dx + dy * dy));
            }
        return best;
    }

    /// <summary>A position at least <see cref="Margin"/> from every wall.</summary>
    public (double X, double Y) Sample(Rng rng)
    {
        for (int attempt = 0; attempt < 1_000_000; attempt++)
        {
            double u = rng.NextDouble() * _cumulative[^1];
            int i = Array.BinarySearch(_cumulative, u);
            i = i < 0 ? ~i : i + 1;
            i = Math.Min(i, _cells.Length - 1);
            var cell = _cells[i];
            double x = rng.Uniform(cell.X0, cell.X1), y = rng.Uniform(cell.Y0, cell.Y1);
            if (DistanceToWall(x, y) >= Margin) return (x, y);
        }
        throw new InvalidOperationException($"No position {Margin} away from the walls of maze '{Layout.Name}' was found.");
    }
}
