namespace Engine.Theory.Tests.Support;

/// <summary>
/// The variance-preserving forward SDE dx = −½β x dt + √β dw (constant β) acting on a Gaussian
/// N(m, v) per coordinate: xₜ = aₜ x₀ + √(1 − aₜ²) ε with aₜ = e^{−βt/2}, so pₜ = N(aₜ m, aₜ² v + 1 − aₜ²)
/// and its score is −(x − aₜ m)/(aₜ² v + 1 − aₜ²).
/// </summary>
public sealed record VariancePreserving(double Beta)
{
    public double A(double t) => Math.Exp(-0.5 * Beta * t);

    public double MarginalVariance(double v, double t) => A(t) * A(t) * v + 1 - A(t) * A(t);

    public double Score(double x, double m, double v, double t) => -(x - A(t) * m) / MarginalVariance(v, t);

    /// <summary>
    /// ∇ₓ log pₜ(y | xₜ = x) for the likelihood y | x₀ ~ N(x₀, τ²) and prior x₀ ~ N(m, v): x₀ | xₜ is
    /// Gaussian with mean m + aₜ v (x − aₜ m)/Vₜ and variance v − aₜ² v²/Vₜ, so y | xₜ is Gaussian with that
    /// mean and variance + τ², and the gradient is (y − mean)/(variance + τ²)·aₜ v/Vₜ.
    /// </summary>
    public double LogLikelihoodGradient(double x, double y, double tau2, double m, double v, double t)
    {
        double a = A(t), vt = MarginalVariance(v, t);
        double mean = m + a * v * (x - a * m) / vt;
        double variance = v - a * a * v * v / vt;
        return (y - mean) / (variance + tau2) * (a * v / vt);
    }

    /// <summary>
    /// Euler–Maruyama on the reverse SDE (Eq. 5 with ω = 1): from xₜ, step to x_{t−dt} via
    /// x ← x − [−½βx − β·score(x, t)] dt + √(β dt) ξ, integrating from t = 1 down to t = 0, starting from
    /// N(0, 1). Every score here is that of a Gaussian, hence affine in x, so it is passed as
    /// t ↦ (slope, intercept) and evaluated once per time step for the whole batch.
    /// </summary>
    public double[] SampleReverse(Func<double, (double Slope, double Intercept)> affineScore, int samples, int steps, Normals rnd)
    {
        double dt = 1.0 / steps, sd = Math.Sqrt(Beta * dt);
        var x = rnd.Vector(samples);
        for (int k = steps; k >= 1; k--)
        {
            var (slope, intercept) = affineScore(k * dt);
            for (int i = 0; i < samples; i++)
            {
                double score = slope * x[i] + intercept;
                x[i] -= (-0.5 * Beta * x[i] - Beta * score) * dt;
                x[i] += sd * rnd.Next();
            }
        }
        return x;
    }

    /// <summary>The (slope, intercept) of an x-affine function, read off at x = 0 and x = 1.</summary>
    public static (double Slope, double Intercept) Affine(Func<double, double> f)
    {
        double f0 = f(0);
        return (f(1) - f0, f0);
    }
}
