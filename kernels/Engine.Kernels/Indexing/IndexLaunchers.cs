using Engine.Kernels.Runtime;
using ILGPU;
using ILGPU.Runtime;

namespace Engine.Kernels.Indexing;

/// <summary>Host side of gather / scatter-add.</summary>
public sealed class IndexLaunchers(KernelCache cache)
{
    /// <summary>dst [Outer, Count, Inner] = src [Outer, Axis, Inner] selected along the axis by idx [Count].</summary>
    public void Gather<T>(AxisShape s, ArrayView<T> src, ArrayView<int> idx, ArrayView<T> dst) where T : unmanaged
    {
        string kernel = $"Gather<{typeof(T).Name}>";
        long total = Validate(kernel, s, idx);
        Check.Length(kernel, "src", src, (long)s.Outer * s.Axis * s.Inner);
        Check.Length(kernel, "dst", dst, (long)s.Outer * s.Count * s.Inner);
        if (total == 0) return;
        cache.Get("Gather", acc => acc.LoadStreamKernel<AxisShape, ArrayView<T>, ArrayView<int>, ArrayView<T>>(
            IndexKernels.Gather), typeof(T))(cache.Linear(total), s, src, idx, dst);
    }

    /// <summary>dst [Outer, Axis, Inner] += src [Outer, Count, Inner] added into the rows idx [Count] name.</summary>
    public void ScatterAdd(AxisShape s, ArrayView<float> src, ArrayView<int> idx, ArrayView<float> dst) =>
        ScatterAddOf(s, src, idx, dst);

    /// <summary>dst [Outer, Axis, Inner] += src [Outer, Count, Inner] added into the rows idx [Count] name, in float64.</summary>
    /// <exception cref="ArgumentException">A size is negative or a view is shorter than its shape needs.</exception>
    public void ScatterAdd(AxisShape s, ArrayView<double> src, ArrayView<int> idx, ArrayView<double> dst) =>
        ScatterAddOf(s, src, idx, dst);

    private void ScatterAddOf<T>(AxisShape s, ArrayView<T> src, ArrayView<int> idx, ArrayView<T> dst) where T : unmanaged, System.Numerics.INumber<T>
    {
        string kernel = $"ScatterAdd<{typeof(T).Name}>";
        Validate(kernel, s, idx);
        Check.Length(kernel, "src", src, (long)s.Outer * s.Count * s.Inner);
        Check.Length(kernel, "dst", dst, (long)s.Outer * s.Axis * s.Inner);
        long total = (long)s.Outer * s.Axis * s.Inner;
        if (total == 0) return;
        cache.Get("ScatterAdd", acc => acc.LoadStreamKernel<AxisShape, ArrayView<T>, ArrayView<int>, ArrayView<T>>(IndexKernels.ScatterAdd<T>),
            typeof(T))(cache.Linear(total), s, src, idx, dst);
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
