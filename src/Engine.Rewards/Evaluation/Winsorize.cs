namespace Engine.Rewards.Evaluation;

/// <summary>
/// Winsorisation as scipy.stats.mstats.winsorize does it (the authors' evaluation uses it): with n
/// values sorted, the lowest ⌊low·n⌋ are set to the next value up and the highest ⌊high·n⌋ to the
/// next value down. Ties keep a stable order, so the result is deterministic.
/// </summary>
public static class Winsorize
{
    /// <summary>A winsorised copy of <paramref name="values"/> in their original order.</summary>
    /// <param name="values">The values to clip.</param>
    /// <param name="low">Fraction of the lowest values raised to the next value up, in [0, 1).</param>
    /// <param name="high">Fraction of the highest values lowered to the next value down, in [0, 1).</param>
    /// <exception cref="ArgumentException">A limit is negative, or <paramref name="low"/> + <paramref name="high"/> ≥ 1.</exception>
    public static double[] Apply(IReadOnlyList<double> values, double low, double high)
    {
        if (low < 0 || high < 0 || low + high >= 1)
            throw new ArgumentException($"winsorize: limits ({low}, {high}) must be non-negative and sum to less than 1");
        int n = values.Count;
        var result = values.ToArray();
        if (n == 0) return result;
        var order = Enumerable.Range(0, n).OrderBy(i => values[i]).ToArray();
        int lowCount = (int)(low * n), highStart = n - (int)(high * n);
        for (int r = 0; r < lowCount; r++) result[order[r]] = values[order[lowCount]];
        for (int r = highStart; r < n; r++) result[order[r]] = values[order[highStart - 1]];
        return result;
    }

    /// <summary>Winsorises, then maps linearly onto [0, 1] (all zeros when every value is equal).</summary>
    public static double[] ToUnitRange(IReadOnlyList<double> values, double tail)
    {
        var w = Apply(values, tail, tail);
        if (w.Length == 0) return w;
        double min = w.Min(), max = w.Max();
        return max > min ? w.Select(v => (v - min) / (max - min)).ToArray() : new double[w.Length];
    }
}
