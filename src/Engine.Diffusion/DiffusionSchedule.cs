namespace Engine.Diffusion;

/// <summary>
/// The per-step constants of a DDPM (float64, indexed by t = 0…T−1), as the buffers of Diffuser's
/// GaussianDiffusion: ᾱ_t = Π_{j≤t}(1−β_j), ᾱ_{t−1} (ᾱ_{−1} = 1), posterior variance
/// σ̃²_t = β_t(1−ᾱ_{t−1})/(1−ᾱ_t), its log clipped at 1e−20, and the posterior-mean coefficients
/// c1_t = β_t√ᾱ_{t−1}/(1−ᾱ_t), c2_t = (1−ᾱ_{t−1})√α_t/(1−ᾱ_t).
/// </summary>
public sealed class DiffusionSchedule
{
    public DiffusionSchedule(double[] betas)
    {
        if (betas.Length == 0 || betas.Any(b => !(b > 0 && b < 1)))
            throw new ArgumentException("DiffusionSchedule: betas must be non-empty and in (0, 1)");
        int n = betas.Length;
        Betas = (double[])betas.Clone();
        AlphasCumprod = new double[n];
        AlphasCumprodPrev = new double[n];
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
            PosteriorVariance[t] = b * (1 - acp) / (1 - ac);
            PosteriorLogVarianceClipped[t] = Math.Log(Math.Max(PosteriorVariance[t], 1e-20));
            PosteriorMeanCoef1[t] = b * Math.Sqrt(acp) / (1 - ac);
            PosteriorMeanCoef2[t] = (1 - acp) * Math.Sqrt(1 - b) / (1 - ac);
        }
    }

    public int Steps => Betas.Length;
    public double[] Betas { get; }
    public double[] AlphasCumprod { get; }
    public double[] AlphasCumprodPrev { get; }
    public double[] PosteriorVariance { get; }
    public double[] PosteriorLogVarianceClipped { get; }
    public double[] PosteriorMeanCoef1 { get; }
    public double[] PosteriorMeanCoef2 { get; }

    public double SqrtAlphasCumprod(int t) => Math.Sqrt(AlphasCumprod[t]);
    public double SqrtOneMinusAlphasCumprod(int t) => Math.Sqrt(1 - AlphasCumprod[t]);
    public double SqrtRecipAlphasCumprod(int t) => Math.Sqrt(1 / AlphasCumprod[t]);
    public double SqrtRecipM1AlphasCumprod(int t) => Math.Sqrt(1 / AlphasCumprod[t] - 1);
}
