namespace Engine.Theory.Tests.Support;

/// <summary>
/// The discrete DDPM schedule Diffuser uses (docs/reference-facts.md §7), in plain double arithmetic:
/// cosine ᾱ'(k) = cos²(((k/T) + s)/(1 + s)·π/2)/ᾱ'(0) with s = 0.008, βₖ = min(1 − ᾱ'(k+1)/ᾱ'(k), 0.999),
/// αₜ = 1 − βₜ, ᾱₜ = Π_{j≤t} αⱼ with ᾱ₋₁ = 1, and the posterior q(x_{t−1} | x₀, xₜ) =
/// N(c1ₜ x₀ + c2ₜ xₜ, β̃ₜ) with c1ₜ = βₜ√ᾱ_{t−1}/(1−ᾱₜ), c2ₜ = (1−ᾱ_{t−1})√αₜ/(1−ᾱₜ),
/// β̃ₜ = βₜ(1−ᾱ_{t−1})/(1−ᾱₜ). Indices t run over 0 … T−1 as in the code.
/// </summary>
public sealed class CosineSchedule
{
    public const double S = 0.008;
    public const double MaxBeta = 0.999;

    public CosineSchedule(int steps)
    {
        Steps = steps;
        Beta = new double[steps];
        AlphaBar = new double[steps];
        double Raw(int k) => Math.Pow(Math.Cos(((double)k / steps + S) / (1 + S) * Math.PI / 2), 2);
        double product = 1;
        for (int k = 0; k < steps; k++)
        {
            Beta[k] = Math.Clamp(1 - Raw(k + 1) / Raw(k), 0, MaxBeta);
            product *= 1 - Beta[k];
            AlphaBar[k] = product;
        }
    }

    public int Steps { get; }

    public double[] Beta { get; }

    public double[] AlphaBar { get; }

    public double Alpha(int t) => 1 - Beta[t];

    public double AlphaBarPrev(int t) => t == 0 ? 1.0 : AlphaBar[t - 1];

    public double C1(int t) => Beta[t] * Math.Sqrt(AlphaBarPrev(t)) / (1 - AlphaBar[t]);

    public double C2(int t) => (1 - AlphaBarPrev(t)) * Math.Sqrt(Alpha(t)) / (1 - AlphaBar[t]);

    public double PosteriorVariance(int t) => Beta[t] * (1 - AlphaBarPrev(t)) / (1 - AlphaBar[t]);

    /// <summary>μ(x̂₀, xₜ, t) = c1ₜ x̂₀ + c2ₜ xₜ: the model's posterior mean, as in Diffuser's p_mean_variance.</summary>
    public double[] PosteriorMean(double[] x0Hat, double[] xt, int t) =>
        x0Hat.Select((x0, i) => C1(t) * x0 + C2(t) * xt[i]).ToArray();
}
