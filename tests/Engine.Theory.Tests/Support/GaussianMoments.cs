namespace Engine.Theory.Tests.Support;

/// <summary>
/// Sample moments and the acceptance rule shared by every Monte-Carlo property: a statistic
/// matches its closed form when it lies within z standard errors plus a stated bias allowance
/// (the time-discretisation error of the sampler). Under the null a 5.5-σ deviation has
/// probability ≈ 4e-8, so the properties are not flaky; a wrong closed form is rejected when it
/// differs by more than the tolerance, which the negative controls demonstrate.
/// </summary>
public static class GaussianMoments
{
    public const double Z = 5.5;

    public static double Mean(IReadOnlyList<double> xs) => xs.Sum() / xs.Count;

    public static double Variance(IReadOnlyList<double> xs)
    {
        double m = Mean(xs);
        return xs.Sum(x => (x - m) * (x - m)) / (xs.Count - 1);
    }

    public static double Covariance(IReadOnlyList<double> xs, IReadOnlyList<double> ys)
    {
        double mx = Mean(xs), my = Mean(ys), s = 0;
        for (int i = 0; i < xs.Count; i++) s += (xs[i] - mx) * (ys[i] - my);
        return s / (xs.Count - 1);
    }

    /// <summary>Sample mean within Z standard errors (σ/√M) plus <paramref name="bias"/> of <paramref name="mean"/>.</summary>
    public static bool MeanMatches(IReadOnlyList<double> xs, double mean, double variance, double bias = 0) =>
        Math.Abs(Mean(xs) - mean) <= Z * Math.Sqrt(variance / xs.Count) + bias;

    /// <summary>Sample variance within Z standard errors (σ²√(2/(M−1)) for a Gaussian) plus bias.</summary>
    public static bool VarianceMatches(IReadOnlyList<double> xs, double variance, double bias = 0) =>
        Math.Abs(Variance(xs) - variance) <= Z * variance * Math.Sqrt(2.0 / (xs.Count - 1)) + bias;

    /// <summary>Sample covariance of a bivariate Gaussian: standard error √((σ₁²σ₂² + c²)/M).</summary>
    public static bool CovarianceMatches(IReadOnlyList<double> xs, IReadOnlyList<double> ys,
        double varX, double varY, double covariance, double bias = 0) =>
        Math.Abs(Covariance(xs, ys) - covariance)
            <= Z * Math.Sqrt((varX * varY + covariance * covariance) / xs.Count) + bias;
}
