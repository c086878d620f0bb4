using MathNet.Numerics.Distributions;

namespace Engine.Experiments;

/// <summary>
/// The Wilson score interval of a binomial proportion: the p for which |p̂ − p| ≤ z·√(p(1 − p)/n), i.e.
/// (p̂ + z²/2n ± z·√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n), with z the standard normal quantile of
/// 1 − (1 − level)/2 (MathNet.Numerics). Unlike p̂ ± z·√(p̂(1 − p̂)/n) it stays inside [0, 1] and does not
/// collapse to a point at 0 or n successes, which matters at the sizes of a maze table (n = 8 … 160).
/// </summary>
public static class WilsonInterval
{
    /// <summary>(low, high) ⊂ [0, 1] for <paramref name="successes"/> of <paramref name="trials"/>; (NaN, NaN) without trials.</summary>
    public static (double Low, double High) Of(int successes, int trials, double level = 0.95)
    {
        if (successes < 0 || successes > trials) throw new ArgumentException($"WilsonInterval: {successes} successes of {trials} trials");
        if (level is <= 0 or >= 1) throw new ArgumentException($"WilsonInterval: level {level} must be in (0, 1)");
        if (trials == 0) return (double.NaN, double.NaN);
        double z = Normal.InvCDF(0, 1, 1 - (1 - level) / 2);
        double n = trials, p = successes / n, z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z / (1 + z2 / n) * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        // At 0 or n successes one bound is exactly 0 or 1; rounding must not move it off.
        return (successes == 0 ? 0 : Math.Max(0, centre - half), successes == trials ? 1 : Math.Min(1, centre + half));
    }
}
