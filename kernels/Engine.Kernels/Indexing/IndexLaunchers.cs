using Engine.Kernels.Runtime;
using ILGPU;
using ILGPU.Runtime;

namespace Engine.Kernels.Indexing;

/// <summary>Host side of gather / scatter-add.</summary>
public sealed class IndexLaunchers(KernelCache cache)
{
    /// <summary>dst [Outer, Count, Inner] = src [Outer, Axis, Inner] selected along the axis by idx [Count].</summary>
    public void Gather(AxisShape s, ArrayView<float> src, ArrayView<int> idx, ArrayView<float> dst)
    {
        const string kernel = "GatherF";
        long total = Validate(kernel, s, idx);
        Check.Length(kernel, "src", src, (long)s.Outer * s.Axis * s.Inner);
        Check.Length(kernel, "dst", dst, (long)s.Outer * s.Count * s.Inner);
        if (total == 0) return;
        cache.Get(kernel, acc => acc.LoadStreamKernel<AxisShape, ArrayView<float>, ArrayView<int>, ArrayView<float>>(
            IndexKernels.GatherF))(cache.Linear(total), s, src, idx, dst);
    }

    /// <summary>dst [Outer, Axis, Inner] += src [Outer, Count, Inner] added into the rows idx [Count] name.</summary>
    public void ScatterAdd(AxisShape s, ArrayView<float> src, ArrayView<int> idx, ArrayView<float> dst)
    {
        const string kernel = "ScatterAddF";
        Validate(kernel, s, idx);
        Check.Length(kernel, "src", src, (long)s.Outer * s.Count * s.Inner);
        Check.Length(kernel, "dst", dst, (long)s.Outer * s.Axis * s.Inner);
        long total = (long)s.Outer * s.Axis * s.Inner;
        if (total == 0) return;
        cache.Get(kernel, acc => acc.LoadStreamKernel<AxisShape, ArrayView<float>, ArrayView<int>, ArrayView<float>>(
            IndexKernels.ScatterAddF))(cache.Linear(total), s, src, idx, dst);
    }

    private static long Validate(string kernel, AxisShape s, ArrayView<int> idx)
    {
        Check.NonNegative(kernel, "outer", s.Outer);
        Check.NonNegative(kernel, "axis", s.Axis);
        Check.NonNegative(kernel, "inner", s.Inner);
        Check.NonNegative(kernel, "count", s.Count);
        long big = Math.Max((long)s.Outer * s.Axis * s.Inner, (long)s.Outer * s.Count * s.Inner);
        Check.FitsInt(kernel, $"size ({s})", big);
        if (s.Count > 0) Check.Length(kernel, "idx", idx, s.Count);
        return (long)s.Outer * s.Count * s.Inner;
    }
}
