using System.Numerics;
using Engine.Kernels.Runtime;
using ILGPU;
using ILGPU.Runtime;

namespace Engine.Kernels.Norm;

/// <summary>
/// Host side of group norm over dense [Batch, Channels, Length] views: the forward pass and both cotangents.
/// Each computes the (batch, group) statistics first into the caller's mean and rstd ([Batch·Groups] each).
/// </summary>
public sealed class GroupNormLaunchers(KernelCache cache)
{
    private const string Kernel = "GroupNorm";

    /// <summary>y = (x − mean)·rstd·gamma[c] + beta[c] per (batch, group) (gamma/beta null: 1/0); writes mean and rstd.</summary>
    /// <exception cref="ArgumentException">A size is invalid or a view is too short.</exception>
    public void GroupNorm<T>(GroupNormShape s, T eps, ArrayView<T> x, ArrayView<T>? gamma, ArrayView<T>? beta,
        ArrayView<T> y, ArrayView<T> mean, ArrayView<T> rstd) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!Stats(s, eps, x, mean, rstd)) return;
        Affine(s, gamma, beta);
        Check.Length(Kernel, "y", y, Total(s));
        cache.Get("GroupNormApply", acc => acc.LoadStreamKernel<GroupNormShape, ArrayView<T>, ArrayView<T>, ArrayView<T>,
            ArrayView<T>, int, ArrayView<T>, int, ArrayView<T>>(GroupNormKernels.GroupNormApply<T>), typeof(T))(
            cache.Linear(Total(s)), s, x, mean, rstd, gamma ?? x, gamma.HasValue ? 1 : 0, beta ?? x, beta.HasValue ? 1 : 0, y);
    }

    /// <summary>dx = rstd·(ĝ − mean ĝ − x̂·mean(ĝ·x̂)), ĝ = gy·gamma[c] (gamma null: gy); mean and rstd are scratch.</summary>
    public void InputGrad<T>(GroupNormShape s, T eps, ArrayView<T> gy, ArrayView<T> x, ArrayView<T>? gamma, ArrayView<T> dx,
        ArrayView<T> mean, ArrayView<T> rstd) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!Stats(s, eps, x, mean, rstd)) return;
        Affine(s, gamma, null);
        Check.Length(Kernel, "gy", gy, Total(s));
        Check.Length(Kernel, "dx", dx, Total(s));
        cache.Get("GroupNormInputGrad", acc => acc.LoadStreamKernel<GroupNormShape, T, ArrayView<T>, ArrayView<T>, ArrayView<T>,
            ArrayView<T>, ArrayView<T>, int, ArrayView<T>>(GroupNormKernels.GroupNormInputGrad<T>), typeof(T))(
            cache.GroupPerItem((long)s.Batch * s.Groups), s, T.CreateTruncating(s.GroupSize), gy, x, mean, rstd, gamma ?? x, gamma.HasValue ? 1 : 0, dx);
    }

    /// <summary>dwdb [2, Channels]: row 0 Σ gy·x̂, row 1 Σ gy over batch and length; mean and rstd are scratch.</summary>
    public void AffineGrad<T>(GroupNormShape s, T eps, ArrayView<T> gy, ArrayView<T> x, ArrayView<T> dwdb, ArrayView<T> mean,
        ArrayView<T> rstd) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check.Length(Kernel, "dwdb", dwdb, 2L * s.Channels);
        if (!Stats(s, eps, x, mean, rstd))
        {
            dwdb.SubView(0, 2L * s.Channels).MemSetToZero(cache.Accelerator.DefaultStream);
            return;
        }
        Check.Length(Kernel, "gy", gy, Total(s));
        cache.Get("GroupNormAffineGrad", acc => acc.LoadStreamKernel<GroupNormShape, ArrayView<T>, ArrayView<T>, ArrayView<T>,
            ArrayView<T>, ArrayView<T>>(GroupNormKernels.GroupNormAffineGrad<T>), typeof(T))(
            cache.GroupPerItem(s.Channels), s, gy, x, mean, rstd, dwdb);
    }

    private static long Total(GroupNormShape s) => (long)s.Batch * s.Channels * s.Length;

    /// <summary>Validates the shape and x, then writes mean and rstd; false when the batch is empty (nothing to do).</summary>
    private bool Stats<T>(GroupNormShape s, T eps, ArrayView<T> x, ArrayView<T> mean, ArrayView<T> rstd)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check.NonNegative(Kernel, "batch", s.Batch);
        Check.Positive(Kernel, "channels", s.Channels);
        Check.Positive(Kernel, "length", s.Length);
        Check.Positive(Kernel, "groups", s.Groups);
        Check.That(s.Channels % s.Groups == 0, Kernel, $"channels {s.Channels} not divisible by groups {s.Groups}");
        Check.That(eps > T.Zero, Kernel, $"eps {eps} must be positive");
        Check.FitsInt(Kernel, $"size ({s})", Total(s));
        Check.Length(Kernel, "x", x, Total(s));
        Check.Length(Kernel, "mean", mean, (long)s.Batch * s.Groups);
        Check.Length(Kernel, "rstd", rstd, (long)s.Batch * s.Groups);
        if (s.Batch == 0) return false;
        cache.Get("GroupNormStats", acc => acc.LoadStreamKernel<GroupNormShape, T, T, ArrayView<T>, ArrayView<T>, ArrayView<T>>(
            GroupNormKernels.GroupNormStats<T>), typeof(T))(cache.GroupPerItem((long)s.Batch * s.Groups), s, eps, T.CreateTruncating(s.GroupSize), x, mean, rstd);
        return true;
    }

    private static void Affine<T>(GroupNormShape s, ArrayView<T>? gamma, ArrayView<T>? beta) where T : unmanaged
    {
        if (gamma is { } g) Check.Length(Kernel, "gamma", g, s.Channels);
        if (beta is { } b) Check.Length(Kernel, "beta", b, s.Channels);
    }
}
