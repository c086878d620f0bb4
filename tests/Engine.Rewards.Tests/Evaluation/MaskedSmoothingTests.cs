using Engine.Rewards.Evaluation;

namespace Engine.Rewards.Tests.Evaluation;

/// <summary>
/// The heatmap blur averages valid bins only: walls and unvisited bins neither darken their neighbours nor
/// receive a value, so a maximum beside a wall stays beside the wall.
/// </summary>
public class MaskedSmoothingTests
{
    // Umaze's free cells (rows 1 and 3 full, row 2 only column 3), in a 5 × 5 grid of cells.
    private static readonly string[] UMaze = ["#####", "#OOO#", "###O#", "#OOO#", "#####"];

    /// <summary>
    /// States on a regular grid of 20 × 20 per free cell (4 per bin), scored by a cone that peaks on the bin
    /// touching the top wall of the upper corridor and falls by 0.4 per cell.
    /// </summary>
    private static (RewardHeatmap Map, (double X, double Y) Peak) WallPeak()
    {
        (double X, double Y) peak = (0.55, 2.05);
        var positions = new List<(double, double)>();
        var scores = new List<double>();
        for (int row = 0; row < 5; row++)
            for (int col = 0; col < 5; col++)
            {
                if (UMaze[row][col] == '#') continue;
                for (int i = 0; i < 20; i++)
                    for (int j = 0; j < 20; j++)
                    {
                        double x = row - 0.5 + (i + 0.5) / 20, y = col - 0.5 + (j + 0.5) / 20;
                        positions.Add((x, y));
                        scores.Add(Math.Max(0, 1 - 0.4 * Math.Sqrt((x - peak.X) * (x - peak.X) + (y - peak.Y) * (y - peak.Y))));
                    }
            }
        return (RewardHeatmap.Build(positions, scores, 5, 5, minSamples: 1), peak);
    }

    [Fact]
    public void A_reward_peaked_beside_a_wall_keeps_its_maximum_there()
    {
        var (map, peak) = WallPeak();
        Assert.Equal(peak, Rounded(map.ArgMax(map.Reward)));
        foreach (double sigma in new[] { 1.0, 2.0, 4.0 })
        {
            Assert.Equal(peak, Rounded(map.ArgMax(map.Smoothed(sigma))));
            Assert.Equal(peak, Rounded(map.ArgMax(map.SmoothedByCounts(sigma))));
        }
    }

    [Fact]
    public void With_equal_counts_per_bin_the_count_weighted_blur_is_the_mask_blur()
    {
        var (map, _) = WallPeak(); // 4 states in every valid bin
        foreach (double sigma in new[] { 0.0, 1.0, 2.0 })
        {
            var byMask = map.Smooth(HeatmapSmoothing.Mask, sigma);
            var byCounts = map.Smooth(HeatmapSmoothing.Counts, sigma);
            for (int a = 0; a < 50; a++)
                for (int b = 0; b < 50; b++) Assert.Equal(byMask[a, b], byCounts[a, b], 12);
        }
    }

    [Fact]
    public void A_sparse_bin_of_high_scores_takes_the_mask_blur_maximum_but_not_the_count_weighted_one()
    {
        // Open 3 × 3 free cells: 50 states per bin scored 0.5 except a broad bump of 0.6 around (1.05, 1.05), and the 2 × 2
        // corner bins visited by 6 states each, scored 1 (a handful of outliers, as where the data rarely goes).
        var positions = new List<(double, double)>();
        var scores = new List<double>();
        for (int a = 5; a < 35; a++)
            for (int b = 5; b < 35; b++)
            {
                double x = a / 10.0 - 0.45, y = b / 10.0 - 0.45;
                bool corner = a < 7 && b < 7;
                int n = corner ? 6 : 50;
                double score = corner ? 1.0 : 0.5 + 0.1 * Math.Exp(-((x - 1.05) * (x - 1.05) + (y - 1.05) * (y - 1.05)) / 0.3);
                for (int k = 0; k < n; k++) { positions.Add((x, y)); scores.Add(score); }
            }
        var map = RewardHeatmap.Build(positions, scores, 4, 4);
        Assert.Equal((0.05, 0.05), Rounded(map.ArgMax(map.Smoothed(2.0))));
        Assert.Equal((1.05, 1.05), Rounded(map.ArgMax(map.SmoothedByCounts(2.0))));
    }

    [Fact]
    public void Invalid_bins_stay_zero_and_are_never_the_maximum()
    {
        var (map, _) = WallPeak();
        var smooth = map.Smoothed(2.0);
        for (int a = 0; a < 50; a++)
            for (int b = 0; b < 50; b++)
            {
                Assert.Equal(map.Counts[a, b] > 0, map.Valid[a, b]);
                if (!map.Valid[a, b]) Assert.Equal(0.0, smooth[a, b]);
                else Assert.InRange(smooth[a, b], 0.0, 1.0);
            }

        // A field that is highest on invalid bins: the maximum is still taken over valid ones.
        var inverted = new double[50, 50];
        for (int a = 0; a < 50; a++)
            for (int b = 0; b < 50; b++) inverted[a, b] = map.Valid[a, b] ? 0.1 : 1.0;
        inverted[25, 35] = 0.5; // (2.05, 3.05): the middle of umaze's connecting cell
        Assert.True(map.Valid[25, 35]);
        Assert.Equal((2.05, 3.05), Rounded(map.ArgMax(inverted)));
    }

    [Fact]
    public void Valid_bins_far_from_the_mask_edge_get_the_plain_blur()
    {
        // On a fully valid field the normalisation by the blurred mask is the border renormalisation alone:
        // a linear ramp is reproduced exactly where the kernel fits inside the field.
        var positions = new List<(double, double)>();
        var scores = new List<double>();
        for (int a = 0; a < 50; a++)
            for (int b = 0; b < 50; b++) { positions.Add((a / 10.0 - 0.45, b / 10.0 - 0.45)); scores.Add(a / 100.0); }
        var map = RewardHeatmap.Build(positions, scores, 5, 5, minSamples: 1);
        var smooth = map.Smoothed(2.0);
        for (int a = 6; a < 44; a++)
            Assert.Equal(a / 100.0, smooth[a, 25], 9);
    }

    private static (double, double) Rounded((double X, double Y) p) => (Math.Round(p.X, 6), Math.Round(p.Y, 6));
}
