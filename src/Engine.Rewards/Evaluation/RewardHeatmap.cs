namespace Engine.Rewards.Evaluation;

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

    private RewardHeatmap(double[,] reward, int[,] counts, double cellsX, double cellsY)
    {
        Reward = reward;
        Counts = counts;
        CellsX = cellsX;
        CellsY = cellsY;
    }

    /// <summary>Mean score per bin: [rows·10, cols·10].</summary>
    public double[,] Reward { get; }

    /// <summary>States per bin.</summary>
    public int[,] Counts { get; }

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
            double px = positions[i].X + 0.5, py = positions[i].Y + 0.5;
            // numpy.histogram2d: half-open bins, except that the right edge of the range is included.
            if (px < 0 || px > cellsX || py < 0 || py > cellsY) continue;
            int bx = Math.Min((int)(px / cellsX * nx), nx - 1), by = Math.Min((int)(py / cellsY * ny), ny - 1);
            sums[bx, by] += scores[i];
            counts[bx, by]++;
        }
        var reward = new double[nx, ny];
        for (int a = 0; a < nx; a++)
            for (int b = 0; b < ny; b++)
                reward[a, b] = counts[a, b] >= Math.Max(minSamples, 1) ? sums[a, b] / counts[a, b] : 0;
        return new RewardHeatmap(reward, counts, cellsX, cellsY);
    }

    /// <summary>The field blurred by a Gaussian of <paramref name="sigmaBins"/> bins (zero outside), normalised per position so edges are not darkened.</summary>
    public double[,] Smoothed(double sigmaBins)
    {
        int nx = Reward.GetLength(0), ny = Reward.GetLength(1);
        if (sigmaBins <= 0) return (double[,])Reward.Clone();
        int radius = (int)Math.Ceiling(3 * sigmaBins);
        var kernel = Enumerable.Range(-radius, 2 * radius + 1).Select(d => Math.Exp(-0.5 * d * d / (sigmaBins * sigmaBins))).ToArray();
        var pass = new double[nx, ny];
        var result = new double[nx, ny];
        // Separable blur: along y, then along x.
        for (int a = 0; a < nx; a++)
            for (int b = 0; b < ny; b++)
            {
                double s = 0, w = 0;
                for (int d = -radius; d <= radius; d++)
                    if (b + d >= 0 && b + d < ny) { s += kernel[d + radius] * Reward[a, b + d]; w += kernel[d + radius]; }
                pass[a, b] = s / w;
            }
        for (int a = 0; a < nx; a++)
            for (int b = 0; b < ny; b++)
            {
                double s = 0, w = 0;
                for (int d = -radius; d <= radius; d++)
                    if (a + d >= 0 && a + d < nx) { s += kernel[d + radius] * pass[a + d, b]; w += kernel[d + radius]; }
                result[a, b] = s / w;
            }
        return result;
    }

    /// <summary>The maze position (x, y) of the centre of the bin holding the global maximum of a field (first one at ties).</summary>
    public (double X, double Y) ArgMax(double[,] field)
    {
        int nx = field.GetLength(0), ny = field.GetLength(1), bestA = 0, bestB = 0;
        for (int a = 0; a < nx; a++)
            for (int b = 0; b < ny; b++)
                if (field[a, b] > field[bestA, bestB]) { bestA = a; bestB = b; }
        return ((bestA + 0.5) / nx * CellsX - 0.5, (bestB + 0.5) / ny * CellsY - 0.5);
    }
}
