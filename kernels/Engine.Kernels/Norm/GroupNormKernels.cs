using System.Numerics;
using Engine.Kernels.Runtime;
using ILGPU;

namespace Engine.Kernels.Norm;

/// <summary>
/// Group norm over a dense x [B, C, L] (channels in G groups; the biased variance, as PyTorch), forward and both
/// cotangents, each one kernel for float and double through <see cref="IFloatingPointIeee754{TSelf}"/>. Statistics
/// come from <see cref="GroupNormStats{T}"/>: one thread group per (batch, group), mean, then the variance about it
/// (two passes, no cancellation), each folded by a fixed shared-memory tree, so results do not vary between runs.
/// </summary>
public static class GroupNormKernels
{
    /// <summary>mean[bg] and rstd[bg] = 1/√(var + eps) of each (batch, group)'s run of <paramref name="count"/> = (C/G)·L elements.</summary>
    /// <remarks>The count comes from the host as a T: ILGPU 1.5.3 cannot compile T.CreateTruncating (a generic conversion).</remarks>
    [KernelEntry]
    public static void GroupNormStats<T>(GroupNormShape s, T eps, T count, ArrayView<T> x, ArrayView<T> mean, ArrayView<T> rstd)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var partial = SharedMemory.Allocate<T>(KernelCache.MaxGroupSize);
        int tid = Group.IdxX, size = Group.DimX, n = s.GroupSize;
        for (int bg = Grid.IdxX; bg < s.Batch * s.Groups; bg += Grid.DimX)
        {
            int start = bg * n; // (b, g) owns a contiguous run: channels g·C/G … of batch b.
            T acc = T.Zero;
            for (int i = tid; i < n; i += size) acc += x[start + i];
            T mu = TreeSum(partial, acc, tid, size) / count;
            acc = T.Zero;
            for (int i = tid; i < n; i += size) { T d = x[start + i] - mu; acc += d * d; }
            T r = T.One / T.Sqrt(TreeSum(partial, acc, tid, size) / count + eps);
            if (tid == 0) { mean[bg] = mu; rstd[bg] = r; }
        }
    }

    /// <summary>y = (x − mean)·rstd·w[c] + b[c], elementwise over [B, C, L]; w and b are read only where given.</summary>
    [KernelEntry]
    public static void GroupNormApply<T>(GroupNormShape s, ArrayView<T> x, ArrayView<T> mean, ArrayView<T> rstd,
        ArrayView<T> w, int hasWeight, ArrayView<T> b, int hasBias, ArrayView<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int total = s.Batch * s.Channels * s.Length, step = Grid.DimX * Group.DimX;
        for (int i = Grid.IdxX * Group.DimX + Group.IdxX; i < total; i += step)
        {
            int c = i / s.Length % s.Channels, bg = i / s.GroupSize;
            T v = (x[i] - mean[bg]) * rstd[bg];
            if (hasWeight != 0) v *= w[c];
            if (hasBias != 0) v += b[c];
            y[i] = v;
        }
    }

    /// <summary>
    /// dx = rstd·(ĝ − mean ĝ − x̂·mean(ĝ·x̂)) per (batch, group), ĝ = gy·w[c] (gy without a weight), x̂ = (x − mean)·rstd;
    /// one thread group per (batch, group), both means by the tree.
    /// </summary>
    [KernelEntry]
    public static void GroupNormInputGrad<T>(GroupNormShape s, T count, ArrayView<T> gy, ArrayView<T> x, ArrayView<T> mean, ArrayView<T> rstd,
        ArrayView<T> w, int hasWeight, ArrayView<T> dx) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var partial = SharedMemory.Allocate<T>(KernelCache.MaxGroupSize);
        int tid = Group.IdxX, size = Group.DimX, n = s.GroupSize;
        for (int bg = Grid.IdxX; bg < s.Batch * s.Groups; bg += Grid.DimX)
        {
            int start = bg * n, c0 = bg % s.Groups * (s.Channels / s.Groups);
            T mu = mean[bg], r = rstd[bg], sumG = T.Zero, sumGx = T.Zero;
            for (int i = tid; i < n; i += size)
            {
                T g = hasWeight != 0 ? gy[start + i] * w[c0 + i / s.Length] : gy[start + i];
                sumG += g;
                sumGx += g * ((x[start + i] - mu) * r);
            }
            T meanG = TreeSum(partial, sumG, tid, size) / count;
            T meanGx = TreeSum(partial, sumGx, tid, size) / count;
            for (int i = tid; i < n; i += size)
            {
                T g = hasWeight != 0 ? gy[start + i] * w[c0 + i / s.Length] : gy[start + i];
                dx[start + i] = r * (g - meanG - (x[start + i] - mu) * r * meanGx);
            }
        }
    }

    /// <summary>dwdb [2, C]: row 0 Σ_{b,l} gy·x̂, row 1 Σ_{b,l} gy, one thread group per channel.</summary>
    [KernelEntry]
    public static void GroupNormAffineGrad<T>(GroupNormShape s, ArrayView<T> gy, ArrayView<T> x, ArrayView<T> mean, ArrayView<T> rstd,
        ArrayView<T> dwdb) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var partial = SharedMemory.Allocate<T>(KernelCache.MaxGroupSize);
        int tid = Group.IdxX, size = Group.DimX, n = s.Batch * s.Length;
        for (int c = Grid.IdxX; c < s.Channels; c += Grid.DimX)
        {
            int g = c / (s.Channels / s.Groups);
            T sumW = T.Zero, sumB = T.Zero;
            for (int j = tid; j < n; j += size)
            {
                int b = j / s.Length, at = (b * s.Channels + c) * s.Length + j % s.Length, bg = b * s.Groups + g;
                sumW += gy[at] * ((x[at] - mean[bg]) * rstd[bg]);
                sumB += gy[at];
            }
            T dw = TreeSum(partial, sumW, tid, size);
            T db = TreeSum(partial, sumB, tid, size);
            if (tid == 0) { dwdb[c] = dw; dwdb[s.Channels + c] = db; }
        }
    }

    /// <summary>Sum over the thread group of every thread's <paramref name="value"/>; all threads get the result.</summary>
    private static T TreeSum<T>(ArrayView<T> partial, T value, int tid, int size) where T : unmanaged, INumber<T>
    {
        partial[tid] = value;
        Group.Barrier();
        for (int half = size / 2; half > 0; half /= 2)
        {
            if (tid < half) partial[tid] += partial[tid + half];
            Group.Barrier();
        }
        T total = partial[0];
        Group.Barrier();
        return total;
    }
}
