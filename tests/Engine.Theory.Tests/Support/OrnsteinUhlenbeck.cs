namespace Engine.Theory.Tests.Support;

/// <summary>
/// The Ornstein–Uhlenbeck forward process of Appendix C.3, dx = −λx dt + dw from a deterministic
/// point x₀ = y, in closed form: mean mₜ = y e^{−λt}, variance σₜ² = (1 − e^{−2λt})/(2λ) per
/// coordinate, covariance K(s, t) = (e^{−λ|t−s|} − e^{−λ(t+s)})/(2λ), and score −(x − mₜ)/σₜ².
/// </summary>
public sealed record OrnsteinUhlenbeck(double Lambda, double[] Start)
{
    public double MeanFactor(double t) => Math.Exp(-Lambda * t);

    public double Variance(double t) => (1.0 - Math.Exp(-2.0 * Lambda * t)) / (2.0 * Lambda);

    public double Covariance(double s, double t) =>
        (Math.Exp(-Lambda * Math.Abs(t - s)) - Math.Exp(-Lambda * (t + s))) / (2.0 * Lambda);

    public double[] Mean(double t) => Start.Select(y => y * MeanFactor(t)).ToArray();

    public double[] Score(double[] x, double t)
    {
        var m = Mean(t);
        double v = Variance(t);
        return x.Select((xi, i) => -(xi - m[i]) / v).ToArray();
    }

    /// <summary>log pₜ(x) of the Gaussian marginal N(mₜ, σₜ² I).</summary>
    public double LogDensity(double[] x, double t)
    {
        var m = Mean(t);
        double v = Variance(t), q = 0;
        for (int i = 0; i < x.Length; i++) q += (x[i] - m[i]) * (x[i] - m[i]);
        return -0.5 * q / v - 0.5 * x.Length * Math.Log(2 * Math.PI * v);
    }
}
