namespace Engine.Rewards.Evaluation;

/// <summary>How <see cref="RewardHeatmap"/> smooths its field before the arg-max.</summary>
public enum HeatmapSmoothing
{
    /// <summary>Kernel regression over states, <see cref="RewardHeatmap.SmoothedByCounts"/>: a sparse bin weighs little.</summary>
    Counts,
    /// <summary>Blur of the bin means normalised by the blurred mask of valid bins, <see cref="RewardHeatmap.Smoothed"/>: every valid bin weighs alike.</summary>
    Mask,
}

/// <summary>
/// A reward field over the maze: the mean (normalised) reward of the states that fall in each bin.
/// Binning as in the authors' renderer: positions shifted by +0.5 into [0, bx] × [0, by], bins of
/// 1/<see cref="BinsPerCell"/> cell, and bins with fewer than <c>minSamples</c> states set to 0.
/// First axis = maze row (x), second = column (y).
/// </summary>
public sealed class RewardHeatmap
{
    /// <summary>Heatmap bins along one maze cell, per axis.</summary>
    public const int BinsPerCell = 10;

    private readonly double[,] _sums;

    private RewardHeatmap(double[,] reward, double[,] sums, int[,] counts, bool[,] valid, double cellsX, double cellsY)
    {
        _sums = sums;
        Reward = reward;
        Counts = counts;
        Valid = valid;
        CellsX = cellsX;
        CellsY = cellsY;
    }

    /// <summary>Mean score per bin: [rows·10, cols·10].</summary>
    public double[,] Reward { get; }

    /// <summary>States per bin.</summary>
    public int[,] Counts { get; }

    /// <summary>Bins with enough states to carry a reward (at least <c>minSamples</c>, and at least one): [rows·10, cols·10].</summary>
    public bool[,] Valid { get; }

    /// <summary>Extent of the first axis (maze rows, x) in cells.</summary>
    public double CellsX { get; }
    /// <summary>Extent of the second axis (maze columns, y) in cells.</summary>
    public double CellsY { get; }

    /// <summary>Bins the states' scores. positions: (x, y) per state in maze units; scores in [0, 1].</summary>
    public static RewardHeatmap Build(IReadOnlyList<(double X, double Y)> positions, IReadOnlyList<double> scores,
        double cellsX, double cellsY, int minSamples = 5)
    {
        if (positions.Count != scores.Count)
            throw new ArgumentException($"heatmap: {positions.Count} positions but {scores.Count} scores");
        if (cellsX <= 0 || cellsY <= 0) throw new ArgumentException($"heatmap: bounds ({cellsX}, {cellsY}) must be positive");
        int nx = (int)Math.Round(cellsX * BinsPerCell), ny = (int)Math.Round(cellsY * BinsPerCell);
        var sums = new double[nx, ny];
        var counts = new int[nx, ny];
        for (int i = 0; i < positions.Count; i++)
        {
            if (BinOf(positions[i], cellsX, cellsY, nx, ny) is not var (bx, by)) continue;
            sums[bx, by] += scores[i];
            counts[bx, by]++;
        }
        var reward = new double[nx, ny];
        var valid = new bool[nx, ny];
        for (int a = 0; a < nx; a++)
            for (int b = 0; b < ny; b++)
            {
                valid[a, b] = counts[a, b] >= Math.Max(minSamples, 1);
                reward[a, b] = valid[a, b] ? sums[a, b] / counts[a, b] : 0;
            }
        return new RewardHeatmap(reward, sums, counts, valid, cellsX, cellsY);
    }

    /// <summary>The bin (first axis, second axis) holding maze position (x, y), or null outside the field.</summary>
    public (int A, int B)? BinOf(double x, double y) => BinOf((x, y), CellsX, CellsY, Reward.GetLength(0), Reward.GetLength(1));

    private static (int A, int B)? BinOf((double X, double Y) p, double cellsX, double cellsY, int nx, int ny)
    {
        double px = p.X + 0.5, py = p.Y + 0.5;
        // numpy.histogram2d: half-open bins, except that the right edge of the range is included.
        if (!(px >= 0 && px <= cellsX && py >= 0 && py <= cellsY)) return null; // NaN falls outside too
        return (Math.Min((int)(px / cellsX * nx), nx - 1), Math.Min((int)(py / cellsY * ny), ny - 1));
    }

    /// <summary>
    /// The field blurred by a Gaussian of <paramref name="sigmaBins"/> bins over valid bins only:
    /// S = G∗(R·M) / G∗M with M the <see cref="Valid"/> mask, evaluated on valid bins; invalid bins stay 0.
    /// Dividing by the blurred mask makes walls, unvisited bins and the field's border count as missing rather
    /// than as zero reward, so a maximum beside a wall is not pulled away from it. [rows·10, cols·10].
    /// </summary>
    public double[,] Smoothed(double sigmaBins)
    {
        int nx = Reward.GetLength(0), ny = Reward.GetLength(1);
        var mask = new double[nx, ny];
        for (int a = 0; a < nx; a++)
            for (int b = 0; b < ny; b++) mask[a, b] = Valid[a, b] ? 1 : 0;
        return RatioOfBlurs(Reward, mask, sigmaBins); // R is 0 off the mask, so the numerator is G∗(R·M)
    }

    /// <summary>The field smoothed by <paramref name="kind"/> with a Gaussian of <paramref name="sigmaBins"/> bins. [rows·10, cols·10].</summary>
    public double[,] Smooth(HeatmapSmoothing kind, double sigmaBins) =>
        kind == HeatmapSmoothing.Counts ? SmoothedByCounts(sigmaBins) : Smoothed(sigmaBins);

    /// <summary>
    /// A kernel-regression field: every state weighs by the Gaussian of its bin's distance, S = G∗Σscores / G∗counts,
    /// evaluated on valid bins (invalid bins stay 0). Unlike <see cref="Smoothed"/>, which averages bin means, a bin
    /// backed by few states counts for little, so a sparse bin (a corner visited a handful of times) cannot carry the
    /// maximum on the strength of a few high scores; walls and empty bins count as missing, as there. [rows·10, cols·10].
    /// </summary>
    public double[,] SmoothedByCounts(double sigmaBins)
    {
        int nx = Reward.GetLength(0), ny = Reward.GetLength(1);
        var counts = new double[nx, ny];
        for (int a = 0; a < nx; a++)
            for (int b = 0; b < ny; b++) counts[a, b] = Counts[a, b];
        return RatioOfBlurs(_sums, counts, sigmaBins);
    }

    /// <summary>
    /// G∗numerator / G∗weight on valid bins, 0 elsewhere (no blur when σ ≤ 0); a valid bin has weight ≥ its own
    /// positive centre tap, so the division is safe. [rows·10, cols·10].
    /// </summary>
    private double[,] RatioOfBlurs(double[,] numerator, double[,] weight, double sigmaBins)
    {
        int nx = Reward.GetLength(0), ny = Reward.GetLength(1);
        var top = sigmaBins > 0 ? Blur(numerator, sigmaBins) : numerator;
        var bottom = sigmaBins > 0 ? Blur(weight, sigmaBins) : weight;
        var result = new double[nx, ny];
        for (int a = 0; a < nx; a++)
            for (int b = 0; b < ny; b++)
                result[a, b] = Valid[a, b] ? top[a, b] / bottom[a, b] : 0;
        return result;
    }

    /// <summary>Separable Gaussian blur with zeros outside the field (along y, then x). field: [nx, ny] → [nx, ny].</summary>
    private static double[,] Blur(double[,] field, double sigmaBins)
    {
        int nx = field.GetLength(0), ny = field.GetLength(1);
        int radius = (int)Math.Ceiling(3 * sigmaBins);
        var kernel = Enumerable.Range(-radius, 2 * radius + 1).Select(d => Math.Exp(-0.5 * d * d / (sigmaBins * sigmaBins))).ToArray();
        var pass = new double[nx, ny];
        var result = new double[nx, ny];
        for (int a = 0; a < nx; a++)
            for (int b = 0; b < ny; b++)
            {
                double s = 0;
                for (int d = Math.Max(-radius, -b); d <= Math.Min(radius, ny - 1 - b); d++) s += kernel[d + radius] * field[a, b + d];
                pass[a, b] = s;
            }
        for (int a = 0; a < nx; a++)
            for (int b = 0; b < ny; b++)
            {
                double s = 0;
                for (int d = Math.Max(-radius, -a); d <= Math.Min(radius, nx - 1 - a); d++) s += kernel[d + radius] * pass[a + d, b];
                result[a, b] = s;
            }
        return result;
    }

    /// <summary>
    /// The maze position (x, y) of the centre of the valid bin holding the global maximum of a field
    /// [rows·10, cols·10] (first one at ties); all bins count when none is valid.
    /// </summary>
    public (double X, double Y) ArgMax(double[,] field)
    {
        int nx = field.GetLength(0), ny = field.GetLength(1), bestA = -1, bestB = -1;
        bool any = false;
        foreach (var v in Valid) any |= v;
        for (int a = 0; a < nx; a++)
            for (int b = 0; b < ny; b++)
                if ((!any || Valid[a, b]) && (bestA < 0 || field[a, b] > field[bestA, bestB])) { bestA = a; bestB = b; }
        return ((bestA + 0.5) / nx * CellsX - 0.5, (bestB + 0.5) / ny * CellsY - 0.5);
    }
}
