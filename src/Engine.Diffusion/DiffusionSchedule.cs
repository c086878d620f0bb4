namespace Engine.Diffusion;

/// <summary>
/// The per-step constants of a DDPM (float64, indexed by t = 0…T−1), as the buffers of Diffuser's
/// GaussianDiffusion: α_t = 1−β_t, ᾱ_t = Π_{j≤t}α_j, ᾱ_{t−1} (ᾱ_{−1} = 1), log(1−ᾱ_t), posterior variance
/// σ̃²_t = β_t(1−ᾱ_{t−1})/(1−ᾱ_t), its log clipped at 1e−20, and the posterior-mean coefficients
/// c1_t = β_t√ᾱ_{t−1}/(1−ᾱ_t), c2_t = (1−ᾱ_{t−1})√α_t/(1−ᾱ_t). Needs no network: the forward process
/// (<see cref="QSample(Tensor, Tensor, Tensor)"/>) and the posterior (<see cref="QPosterior(Tensor, Tensor, Tensor)"/>)
/// are here.
/// </summary>
public sealed partial class DiffusionSchedule
{
    /// <summary>The schedule of the given β_t (each in (0, 1)).</summary>
    public DiffusionSchedule(double[] betas)
    {
        if (betas.Length == 0 || betas.Any(b => !(b > 0 && b < 1)))
            throw new ArgumentException("DiffusionSchedule: betas must be non-empty and in (0, 1)");
        int n = betas.Length;
        Betas = (double[])betas.Clone();
        Alphas = betas.Select(b => 1 - b).ToArray();
        AlphasCumprod = new double[n];
        AlphasCumprodPrev = new double[n];
        LogOneMinusAlphasCumprod = new double[n];
        PosteriorVariance = new double[n];
        PosteriorLogVarianceClipped = new double[n];
        PosteriorMeanCoef1 = new double[n];
        PosteriorMeanCoef2 = new double[n];
        double prod = 1;
        for (int t = 0; t < n; t++)
        {
            AlphasCumprodPrev[t] = prod;
            prod *= 1 - betas[t];
            AlphasCumprod[t] = prod;
        }
        for (int t = 0; t < n; t++)
        {
            double ac = AlphasCumprod[t], acp = AlphasCumprodPrev[t], b = betas[t];
            LogOneMinusAlphasCumprod[t] = Math.Log(1 - ac);
            PosteriorVariance[t] = b * (1 - acp) / (1 - ac);
            PosteriorLogVarianceClipped[t] = Math.Log(Math.Max(PosteriorVariance[t], 1e-20));
            PosteriorMeanCoef1[t] = b * Math.Sqrt(acp) / (1 - ac);
            PosteriorMeanCoef2[t] = (1 - acp) * Math.Sqrt(1 - b) / (1 - ac);
        }
    }

    /// <summary>Diffuser's cosine schedule of <paramref name="steps"/> steps (<see cref="BetaSchedule.Cosine"/>).</summary>
    public static DiffusionSchedule Cosine(int steps) => new(BetaSchedule.Cosine(steps));

    /// <summary>DDPM's linear schedule of <paramref name="steps"/> steps (<see cref="BetaSchedule.Linear"/>).</summary>
    public static DiffusionSchedule Linear(int steps) => new(BetaSchedule.Linear(steps));

    /// <summary>T, the number of diffusion steps.</summary>
    public int Steps => Betas.Length;

    /// <summary>β_t: [T].</summary>
    public double[] Betas { get; }

    /// <summary>α_t = 1 − β_t: [T].</summary>
    public double[] Alphas { get; }

    /// <summary>ᾱ_t = Π_{j≤t} α_j: [T].</summary>
    public double[] AlphasCumprod { get; }

    /// <summary>ᾱ_{t−1} with ᾱ_{−1} = 1: [T].</summary>
    public double[] AlphasCumprodPrev { get; }

    /// <summary>log(1 − ᾱ_t): [T].</summary>
    public double[] LogOneMinusAlphasCumprod { get; }

    /// <summary>σ̃²_t = β_t(1−ᾱ_{t−1})/(1−ᾱ_t) (0 at t = 0): [T].</summary>
    public double[] PosteriorVariance { get; }

    /// <summary>log(max(σ̃²_t, 1e−20)): [T].</summary>
    public double[] PosteriorLogVarianceClipped { get; }

    /// <summary>c1_t = β_t√ᾱ_{t−1}/(1−ᾱ_t), the coefficient of x₀ in the posterior mean: [T].</summary>
    public double[] PosteriorMeanCoef1 { get; }

    /// <summary>c2_t = (1−ᾱ_{t−1})√α_t/(1−ᾱ_t), the coefficient of x_t in the posterior mean: [T].</summary>
    public double[] PosteriorMeanCoef2 { get; }

    /// <summary>√ᾱ_t.</summary>
    public double SqrtAlphasCumprod(int t) => Math.Sqrt(AlphasCumprod[t]);

    /// <summary>√(1 − ᾱ_t).</summary>
    public double SqrtOneMinusAlphasCumprod(int t) => Math.Sqrt(1 - AlphasCumprod[t]);

    /// <summary>√(1/ᾱ_t).</summary>
    public double SqrtRecipAlphasCumprod(int t) => Math.Sqrt(1 / AlphasCumprod[t]);

    /// <summary>√(1/ᾱ_t − 1).</summary>
    public double SqrtRecipM1AlphasCumprod(int t) => Math.Sqrt(1 / AlphasCumprod[t] - 1);
}
