namespace Engine.Rewards.Evaluation;

/// <summary>
/// The paper's goal-identification criterion (§5.1): a learned reward is correct when the global
/// maximum of its slightly smoothed heatmap lies within one grid cell of the true goal. The paper does
/// not give the smoothing or the distance; we fix them here: a Gaussian blur of
/// <see cref="DefaultSigmaBins"/> bins (a fifth of a cell) and Euclidean distance ≤ 1 cell.
/// </summary>
public static class GoalAccuracy
{
    public const double DefaultSigmaBins = 2.0;

    public static bool IsCorrect(RewardHeatmap heatmap, (double X, double Y) goal, double sigmaBins = DefaultSigmaBins) =>
        IsWithinOneCell(heatmap.ArgMax(heatmap.Smoothed(sigmaBins)), goal);

    /// <summary>The criterion for a maximum already located (e.g. on a smoothed field that is also drawn).</summary>
    public static bool IsWithinOneCell((double X, double Y) maximum, (double X, double Y) goal) => Distance(maximum, goal) <= 1.0;

    public static double Distance((double X, double Y) a, (double X, double Y) b) => Math.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y));
}

/// <summary>A proportion with the normal-approximation interval p̂ ± 1.96·√(p̂(1 − p̂)/n) used by the paper.</summary>
public readonly record struct Proportion(int Successes, int Trials)
{
    public double Estimate => Trials == 0 ? double.NaN : (double)Successes / Trials;

    public double HalfWidth => Trials == 0 ? double.NaN : 1.96 * Math.Sqrt(Estimate * (1 - Estimate) / Trials);

    public override string ToString() => $"{100 * Estimate:F2} % ± {100 * HalfWidth:F2} % (n = {Trials})";
}
