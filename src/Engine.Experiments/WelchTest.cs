using MathNet.Numerics.Distributions;

namespace Engine.Experiments;

/// <summary>
/// Welch's unequal-variance t-test of two independent samples: t = (m₁ − m₂)/√(s₁²/n₁ + s₂²/n₂), degrees of freedom
/// by Welch–Satterthwaite, two-sided p from Student's t distribution (MathNet.Numerics).
/// </summary>
public static class WelchTest
{
    public sealed record Result(double Difference, double T, double DegreesOfFreedom, double P);

    public static Result Compare(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count < 2 || b.Count < 2) throw new ArgumentException($"WelchTest: each sample needs at least 2 values, got {a.Count} and {b.Count}");
        double ma = a.Average(), mb = b.Average();
        double va = a.Sum(x => (x - ma) * (x - ma)) / (a.Count - 1), vb = b.Sum(x => (x - mb) * (x - mb)) / (b.Count - 1);
        double sa = va / a.Count, sb = vb / b.Count, se2 = sa + sb;
        if (se2 == 0) return new Result(ma - mb, ma == mb ? 0 : double.PositiveInfinity * Math.Sign(ma - mb), a.Count + b.Count - 2, ma == mb ? 1 : 0);
        double t = (ma - mb) / Math.Sqrt(se2);
        double df = se2 * se2 / (sa * sa / (a.Count - 1) + sb * sb / (b.Count - 1));
        double p = 2 * (1 - StudentT.CDF(0, 1, df, Math.Abs(t)));
        return new Result(ma - mb, t, df, Math.Clamp(p, 0, 1));
    }

    /// <summary>Mean and its standard error s/√n.</summary>
    public static (double Mean, double StandardError) MeanSe(IReadOnlyList<double> v)
    {
        double m = v.Average();
        double s = v.Count > 1 ? Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (v.Count - 1)) : double.NaN;
        return (m, s / Math.Sqrt(v.Count));
    }
}
