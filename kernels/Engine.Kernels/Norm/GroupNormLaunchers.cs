using Engine.Kernels.Runtime;
using ILGPU;
using ILGPU.Runtime;

namespace Engine.Kernels.Norm;

/// <summary>Host side of group norm.</summary>
public sealed class GroupNormLaunchers(KernelCache cache)
{
    /// <summary>
    /// y = (x − mean) · rstd · gamma[c] + beta[c] per (batch, group); writes mean and rstd ([Batch·Groups] each).
    /// </summary>
    public void GroupNorm(GroupNormShape s, float eps, ArrayView<float> x, ArrayView<float> gamma, ArrayView<float> beta,
        ArrayView<float> y, ArrayView<float> mean, ArrayView<float> rstd)
    {
        const string kernel = "GroupNormF";
        Check.NonNegative(kernel, "batch", s.Batch);
        Check.Positive(kernel, "channels", s.Channels);
        Check.Positive(kernel, "length", s.Length);
        Check.Positive(kernel, "groups", s.Groups);
        Check.That(s.Channels % s.Groups == 0, kernel, $"channels {s.Channels} not divisible by groups {s.Groups}");
        Check.That(eps > 0f, kernel, $"eps {eps} must be positive");
        long total = (long)s.Batch * s.Channels * s.Length;
        Check.FitsInt(kernel, $"size ({s})", total);
        Check.Length(kernel, "x", x, total);
        Check.Length(kernel, "y", y, total);
        Check.Length(kernel, "gamma", gamma, s.Channels);
        Check.Length(kernel, "beta", beta, s.Channels);
        Check.Length(kernel, "mean", mean, (long)s.Batch * s.Groups);
        Check.Length(kernel, "rstd", rstd, (long)s.Batch * s.Groups);
        if (s.Batch == 0) return;
        cache.Get(kernel, acc => acc.LoadStreamKernel<GroupNormShape, float, ArrayView<float>, ArrayView<float>, ArrayView<float>,
                ArrayView<float>, ArrayView<float>, ArrayView<float>>(GroupNormKernels.GroupNormF))(
            cache.GroupPerItem((long)s.Batch * s.Groups), s, eps, x, gamma, beta, y, mean, rstd);
    }
}
