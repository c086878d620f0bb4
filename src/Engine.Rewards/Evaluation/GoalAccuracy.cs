namespace Engine.Rewards.Evaluation;

/// <summary>
/// The paper's goal-identification criterion (§5.1): a learned reward is correct when the global
/// maximum of its slightly smoothed heatmap lies within one grid cell of the true goal. The paper does
/// not give the smoothing or the distance; we fix them here: a Gaussian blur of
/// <see cref="DefaultSigmaBins"/> bins (a fifth of a cell) and Euclidean distance ≤ 1 cell.
/// </summary>
public static class GoalAccuracy
{
    /// <summary>Standard deviation of the Gaussian blur, in heatmap bins (<see cref="RewardHeatmap.BinsPerCell"/> bins = one maze cell).</summary>
    public const double DefaultSigmaBins = 2.0;

    /// <summary>Whether the maximum of the heatmap, blurred by <paramref name="sigmaBins"/>, lies within one cell of <paramref name="goal"/>.</summary>
    /// <param name="heatmap">The learned reward binned over the maze.</param>
    /// <param name="goal">The true goal (x, y) in maze units, the coordinates of the binned positions (one unit = one cell).</param>
    /// <param name="sigmaBins">Blur standard deviation in bins; ≤ 0 takes the maximum of the unblurred field.</param>
    public static bool IsCorrect(RewardHeatmap heatmap, (double X, double Y) goal, double sigmaBins = DefaultSigmaBins) =>
        IsWithinOneCell(heatmap.ArgMax(heatmap.Smoothed(sigmaBins)), goal);

    /// <summary>The criterion for a maximum already located (e.g. on a smoothed field that is also drawn).</summary>
    public static bool IsWithinOneCell((double X, double Y) maximum, (double X, double Y) goal) => Distance(maximum, goal) <= 1.0;

    /// <summary>Euclidean distance between two points, in maze cells.</summary>
    public static double Distance((double X, double Y) a, (double X, double Y) b) => Math.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y));
}

/// <summary>A proportion with the normal-approximation interval p̂ ± 1.96·√(p̂(1 − p̂)/n) used by the paper.</summary>
/// <param name="Successes">Trials that succeeded.</param>
/// <param name="Trials">Trials in all, n.</param>
public readonly record struct Proportion(int Successes, int Trials)
{
    /// <summary>p̂ = Successes / Trials ∈ [0, 1]; NaN when there are no trials.</summary>
    public double Estimate => Trials == 0 ? double.NaN : (double)Successes / Trials;

    /// <summary>Half-width of the 95 % interval, 1.96·√(p̂(1 − p̂)/n); NaN when there are no trials.</summary>
    public double HalfWidth => Trials == 0 ? double.NaN : 1.96 * Math.Sqrt(Estimate * (1 - Estimate) / Trials);

    /// <summary>The proportion as a percentage with its half-width, e.g. "83.00 % ± 3.68 % (n = 400)".</summary>
    public override string ToString() => $"{100 * Estimate:F2} % ± {100 * HalfWidth:F2} % (n = {Trials})";
}
