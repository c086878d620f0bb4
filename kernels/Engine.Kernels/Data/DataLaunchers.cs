using Engine.Kernels.Layout;
using Engine.Kernels.Runtime;
using ILGPU;
using ILGPU.Runtime;

namespace Engine.Kernels.Data;

/// <summary>Host side of fill, copy and cast.</summary>
public sealed class DataLaunchers(KernelCache cache)
{
    /// <summary>Sets every element of <paramref name="y"/> under layout <paramref name="yl"/> to <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException">The layout reaches outside <paramref name="y"/>, overlaps itself, or has more than int.MaxValue elements.</exception>
    public void Fill<T>(T value, ArrayView<T> y, StridedLayout yl) where T : unmanaged
    {
        string kernel = $"Fill<{typeof(T).Name}>";
        Check.FitsInt(kernel, "n", yl.Count);
        Check.Output(kernel, "y", y, yl);
        int n = (int)yl.Count;
        if (n == 0) return;
        cache.Get("Fill", acc => acc.LoadStreamKernel<int, T, ArrayView<T>, StridedLayout>(DataKernels.Fill), typeof(T))(
            cache.Linear(n), n, value, y, yl);
    }

    /// <summary>y[yl(i)] = x[xl(i)] for every row-major index i: contiguous copies, slice assignment, materialised transposes and broadcasts.</summary>
    /// <exception cref="ArgumentException">The layouts differ in shape, reach outside their views, or <paramref name="yl"/> overlaps itself.</exception>
    public void Copy<T>(ArrayView<T> x, StridedLayout xl, ArrayView<T> y, StridedLayout yl) where T : unmanaged
    {
        int n = Validate($"Copy<{typeof(T).Name}>", x, xl, y, yl);
        if (n == 0) return;
        cache.Get("Copy", acc => acc.LoadStreamKernel<int, ArrayView<T>, StridedLayout, ArrayView<T>, StridedLayout>(DataKernels.Copy),
            typeof(T))(cache.Linear(n), n, x, xl, y, yl);
    }

    /// <summary>float32 → float64, exact.</summary>
    /// <exception cref="ArgumentException">The layouts differ in shape, reach outside their views, or <paramref name="yl"/> overlaps itself.</exception>
    public void Cast(ArrayView<float> x, StridedLayout xl, ArrayView<double> y, StridedLayout yl)
    {
        int n = Validate("FloatToDouble", x, xl, y, yl);
        if (n == 0) return;
        cache.Get("FloatToDouble", acc => acc.LoadStreamKernel<int, ArrayView<float>, StridedLayout, ArrayView<double>, StridedLayout>(
            DataKernels.FloatToDouble))(cache.Linear(n), n, x, xl, y, yl);
    }

    /// <summary>float64 → float32, rounded to nearest.</summary>
    /// <exception cref="ArgumentException">The layouts differ in shape, reach outside their views, or <paramref name="yl"/> overlaps itself.</exception>
    public void Cast(ArrayView<double> x, StridedLayout xl, ArrayView<float> y, StridedLayout yl)
    {
        int n = Validate("DoubleToFloat", x, xl, y, yl);
        if (n == 0) return;
        cache.Get("DoubleToFloat", acc => acc.LoadStreamKernel<int, ArrayView<double>, StridedLayout, ArrayView<float>, StridedLayout>(
            DataKernels.DoubleToFloat))(cache.Linear(n), n, x, xl, y, yl);
    }

    /// <summary>int32 → float32, rounded to nearest.</summary>
    /// <exception cref="ArgumentException">The layouts differ in shape, reach outside their views, or <paramref name="yl"/> overlaps itself.</exception>
    public void Cast(ArrayView<int> x, StridedLayout xl, ArrayView<float> y, StridedLayout yl)
    {
        int n = Validate("IntToFloat", x, xl, y, yl);
        if (n == 0) return;
        cache.Get("IntToFloat", acc => acc.LoadStreamKernel<int, ArrayView<int>, StridedLayout, ArrayView<float>, StridedLayout>(
            DataKernels.IntToFloat))(cache.Linear(n), n, x, xl, y, yl);
    }

    /// <summary>float32 → int32, truncated toward zero; values must lie inside the int range.</summary>
    /// <exception cref="ArgumentException">The layouts differ in shape, reach outside their views, or <paramref name="yl"/> overlaps itself.</exception>
    public void Cast(ArrayView<float> x, StridedLayout xl, ArrayView<int> y, StridedLayout yl)
    {
        int n = Validate("FloatToInt", x, xl, y, yl);
        if (n == 0) return;
        cache.Get("FloatToInt", acc => acc.LoadStreamKernel<int, ArrayView<float>, StridedLayout, ArrayView<int>, StridedLayout>(
            DataKernels.FloatToInt))(cache.Linear(n), n, x, xl, y, yl);
    }

    /// <summary>int32 → float64, exact.</summary>
    /// <exception cref="ArgumentException">The layouts differ in shape, reach outside their views, or <paramref name="yl"/> overlaps itself.</exception>
    public void Cast(ArrayView<int> x, StridedLayout xl, ArrayView<double> y, StridedLayout yl)
    {
        int n = Validate("IntToDouble", x, xl, y, yl);
        if (n == 0) return;
        cache.Get("IntToDouble", acc => acc.LoadStreamKernel<int, ArrayView<int>, StridedLayout, ArrayView<double>, StridedLayout>(
            DataKernels.IntToDouble))(cache.Linear(n), n, x, xl, y, yl);
    }

    /// <summary>float64 → int32, truncated toward zero; values must lie inside the int range.</summary>
    /// <exception cref="ArgumentException">The layouts differ in shape, reach outside their views, or <paramref name="yl"/> overlaps itself.</exception>
    public void Cast(ArrayView<double> x, StridedLayout xl, ArrayView<int> y, StridedLayout yl)
    {
        int n = Validate("DoubleToInt", x, xl, y, yl);
        if (n == 0) return;
        cache.Get("DoubleToInt", acc => acc.LoadStreamKernel<int, ArrayView<double>, StridedLayout, ArrayView<int>, StridedLayout>(
            DataKernels.DoubleToInt))(cache.Linear(n), n, x, xl, y, yl);
    }

    private static int Validate<TX, TY>(string kernel, ArrayView<TX> x, in StridedLayout xl, ArrayView<TY> y, in StridedLayout yl)
        where TX : unmanaged where TY : unmanaged
    {
        Check.SameShape(kernel, xl, "x", yl, "y");
        Check.FitsInt(kernel, "n", yl.Count);
        Check.Layout(kernel, "x", x, xl);
        Check.Output(kernel, "y", y, yl);
        return (int)yl.Count;
    }
}
