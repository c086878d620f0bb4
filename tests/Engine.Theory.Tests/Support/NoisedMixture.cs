namespace Engine.Theory.Tests.Support;

/// <summary>
/// An equal-weight isotropic Gaussian mixture on ℝ², (1/K) Σₖ N(mₖ, vₖ I). Noised by a DDPM at step t it stays a
/// mixture: q_t = (1/K) Σₖ N(√ᾱ mₖ, (ᾱ vₖ + 1 − ᾱ) I), so density and score are closed-form at every t.
/// </summary>
public sealed class NoisedMixture
{
    public NoisedMixture(double[][] means, double[] variances)
    {
        Means = means;
        Variances = variances;
    }

    /// <summary>Component means mₖ: [K][2].</summary>
    public double[][] Means { get; }

    /// <summary>Component variances vₖ (per coordinate): [K].</summary>
    public double[] Variances { get; }

    /// <summary>A random mixture of 1–3 components with means ~ N(0, 1) and standard deviations in [0.2, 0.5].</summary>
    public static NoisedMixture Random(Normals rnd)
    {
        int k = rnd.Int(1, 4);
        return new NoisedMixture(
            Enumerable.Range(0, k).Select(_ => rnd.Vector(2)).ToArray(),
            Enumerable.Range(0, k).Select(_ => Math.Pow(rnd.Uniform(0.2, 0.5), 2)).ToArray());
    }

    /// <summary>A nearby mixture: each mean moved by N(0, 0.3²) per coordinate, each spread scaled by a factor in [0.8, 1.25].</summary>
    public NoisedMixture Perturbed(Normals rnd) => new(
        Means.Select(m => m.Select(v => v + 0.3 * rnd.Next()).ToArray()).ToArray(),
        Variances.Select(v => v * Math.Pow(rnd.Uniform(0.8, 1.25), 2)).ToArray());

    /// <summary>The law of √ᾱ x₀ + √(1 − ᾱ) ε for x₀ from this mixture.</summary>
    public NoisedMixture Noised(double alphaBar) => new(
        Means.Select(m => m.Select(v => Math.Sqrt(alphaBar) * v).ToArray()).ToArray(),
        Variances.Select(v => alphaBar * v + 1 - alphaBar).ToArray());

    public double Density(double x, double y)
    {
        double p = 0;
        for (int k = 0; k < Means.Length; k++) p += Component(k, x, y);
        return p / Means.Length;
    }

    /// <summary>∇ log p = Σₖ pₖ·(−(x − mₖ)/vₖ) / Σₖ pₖ.</summary>
    public (double X, double Y) Score(double x, double y)
    {
        double total = 0, sx = 0, sy = 0;
        for (int k = 0; k < Means.Length; k++)
        {
            double pk = Component(k, x, y);
            total += pk;
            sx -= pk * (x - Means[k][0]) / Variances[k];
            sy -= pk * (y - Means[k][1]) / Variances[k];
        }
        // Far in the tails every component underflows; the score there is dominated by the widest component's pull.
        if (total < 1e-300)
        {
            int wide = Array.IndexOf(Variances, Variances.Max());
            return (-(x - Means[wide][0]) / Variances[wide], -(y - Means[wide][1]) / Variances[wide]);
        }
        return (sx / total, sy / total);
    }

    /// <summary>One draw: a uniform component, then a Gaussian around its mean.</summary>
    public double[] Sample(Normals rnd)
    {
        int k = rnd.Int(0, Means.Length);
        double sd = Math.Sqrt(Variances[k]);
        return [Means[k][0] + sd * rnd.Next(), Means[k][1] + sd * rnd.Next()];
    }

    /// <summary>A square [lo, hi]² holding every component's mean ± 5 standard deviations.</summary>
    public (double Lo, double Hi) Box()
    {
        double lo = double.MaxValue, hi = double.MinValue;
        for (int k = 0; k < Means.Length; k++)
        {
            double r = 5 * Math.Sqrt(Variances[k]);
            lo = Math.Min(lo, Math.Min(Means[k][0], Means[k][1]) - r);
            hi = Math.Max(hi, Math.Max(Means[k][0], Means[k][1]) + r);
        }
        return (lo, hi);
    }

    private double Component(int k, double x, double y)
    {
        double dx = x - Means[k][0], dy = y - Means[k][1], v = Variances[k];
        return Math.Exp(-0.5 * (dx * dx + dy * dy) / v) / (2 * Math.PI * v);
    }
}
