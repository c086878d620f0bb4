namespace Engine.Diffusion;

public sealed partial class DiffusionSchedule
{
    /// <summary>
    /// Per-sample coefficients a[t_b] shaped to broadcast against <paramref name="like"/>: [batch, 1, …, 1]
    /// (like's rank), in like's dtype and on its backend.
    /// </summary>
    /// <param name="a">A per-step array such as <see cref="AlphasCumprod"/>: [T].</param>
    /// <param name="t">Steps: [batch], each in [0, T).</param>
    /// <param name="like">A tensor [batch, …] whose dtype, backend and rank the result takes.</param>
    public Tensor Extract(double[] a, int[] t, Tensor like)
    {
        if (like.Rank < 1 || like.Shape[0] != t.Length)
            throw new ArgumentException($"DiffusionSchedule: {t.Length} steps for a tensor of shape [{string.Join(", ", like.Shape)}]");
        foreach (var s in t)
            if (s < 0 || s >= Steps) throw new ArgumentException($"DiffusionSchedule: step {s} outside [0, {Steps})");
        var v = t.Select(i => a[i]).ToArray();
        Array host = like.DType == DType.Float64 ? v : v.Select(d => (float)d).ToArray();
        var shape = new int[like.Rank];
        Array.Fill(shape, 1);
        shape[0] = t.Length;
        return Tensor.FromHost(host, shape, like.Backend);
    }

    /// <summary>q(x_t | x₀): x_t = √ᾱ_t·x₀ + √(1−ᾱ_t)·ε. x0, noise: [batch, …]; t: [batch] → [batch, …].</summary>
    public Tensor QSample(Tensor x0, int[] t, Tensor noise) =>
        x0 * Extract(AlphasCumprod.Select(Math.Sqrt).ToArray(), t, x0)
        + noise * Extract(AlphasCumprod.Select(v => Math.Sqrt(1 - v)).ToArray(), t, x0);

    /// <summary>q(x_t | x₀) with the steps as an integer tensor t: [batch] (int32, or integral floats).</summary>
    public Tensor QSample(Tensor x0, Tensor t, Tensor noise) => QSample(x0, StepsOf(t), noise);

    /// <summary>
    /// q(x_{t−1} | x_t, x₀): mean c1_t·x₀ + c2_t·x_t ([batch, …]), variance σ̃²_t and clipped log-variance
    /// ([batch, 1, …, 1] each). x0, xt: [batch, …]; t: [batch].
    /// </summary>
    public (Tensor Mean, Tensor Variance, Tensor LogVariance) QPosterior(Tensor x0, Tensor xt, int[] t)
    {
        var mean = x0 * Extract(PosteriorMeanCoef1, t, xt) + xt * Extract(PosteriorMeanCoef2, t, xt);
        return (mean, Extract(PosteriorVariance, t, xt), Extract(PosteriorLogVarianceClipped, t, xt));
    }

    /// <summary>q(x_{t−1} | x_t, x₀) with the steps as an integer tensor t: [batch].</summary>
    public (Tensor Mean, Tensor Variance, Tensor LogVariance) QPosterior(Tensor x0, Tensor xt, Tensor t) =>
        QPosterior(x0, xt, StepsOf(t));

    /// <summary>The steps of a [batch] tensor as host integers; non-integral values are an error.</summary>
    private static int[] StepsOf(Tensor t)
    {
        if (t.Rank != 1) throw new ArgumentException($"DiffusionSchedule: steps must be [batch], got [{string.Join(", ", t.Shape)}]");
        if (t.DType == DType.Int32) return t.ToArrayInt();
        if (t.DType == DType.Int64) // PyTorch's timesteps are int64
            return t.ToArrayLong().Select(v => v is >= int.MinValue and <= int.MaxValue ? (int)v
                : throw new ArgumentException($"DiffusionSchedule: step {v} is out of range")).ToArray();
        var d = t.ToArrayDouble();
        return d.Select(v => v == Math.Floor(v) ? (int)v : throw new ArgumentException($"DiffusionSchedule: step {v} is not an integer")).ToArray();
    }
}
