using Engine.Kernels.Layout;
using Engine.Kernels.Runtime;
using Engine.Kernels.Scalar;
using ILGPU;
using ILGPU.Runtime;

namespace Engine.Kernels.Elementwise;

/// <summary>
/// Host side of the elementwise family. Inputs and output share one logical shape (broadcasting is a
/// stride of 0 in an input layout); the output layout must not overlap itself. An output may alias an
/// input only when both use the same layout (in-place ops).
/// </summary>
public sealed class ElementwiseLaunchers(KernelCache cache)
{
    /// <summary>y = op(x).</summary>
    public void Map<TOp>(TOp op, ArrayView<float> x, StridedLayout xl, ArrayView<float> y, StridedLayout yl)
        where TOp : struct, IUnaryFunctor
    {
        int n = ValidateMap("MapF<" + typeof(TOp).Name + ">", x, xl, y, yl);
        if (n == 0) return;
        cache.Get("MapF", acc => acc.LoadStreamKernel<TOp, int, ArrayView<float>, StridedLayout, ArrayView<float>, StridedLayout>(
            ElementwiseKernels.MapF), typeof(TOp))(cache.Linear(n), op, n, x, xl, y, yl);
    }

    /// <summary>y = op(x) in double precision.</summary>
    public void Map<TOp>(TOp op, ArrayView<double> x, StridedLayout xl, ArrayView<double> y, StridedLayout yl)
        where TOp : struct, IUnaryFunctor
    {
        int n = ValidateMap("MapD<" + typeof(TOp).Name + ">", x, xl, y, yl);
        if (n == 0) return;
        cache.Get("MapD", acc => acc.LoadStreamKernel<TOp, int, ArrayView<double>, StridedLayout, ArrayView<double>, StridedLayout>(
            ElementwiseKernels.MapD), typeof(TOp))(cache.Linear(n), op, n, x, xl, y, yl);
    }

    /// <summary>y = op(a, b).</summary>
    public void Zip<TOp>(TOp op, ArrayView<float> a, StridedLayout al, ArrayView<float> b, StridedLayout bl,
        ArrayView<float> y, StridedLayout yl)
        where TOp : struct, IBinaryFunctor
    {
        int n = ValidateZip("ZipF<" + typeof(TOp).Name + ">", a, al, b, bl, y, yl);
        if (n == 0) return;
        cache.Get("ZipF", acc => acc.LoadStreamKernel<TOp, int, ArrayView<float>, StridedLayout, ArrayView<float>, StridedLayout,
            ArrayView<float>, StridedLayout>(ElementwiseKernels.ZipF), typeof(TOp))(cache.Linear(n), op, n, a, al, b, bl, y, yl);
    }

    /// <summary>y = op(a, b) in double precision.</summary>
    public void Zip<TOp>(TOp op, ArrayView<double> a, StridedLayout al, ArrayView<double> b, StridedLayout bl,
        ArrayView<double> y, StridedLayout yl)
        where TOp : struct, IBinaryFunctor
    {
        int n = ValidateZip("ZipD<" + typeof(TOp).Name + ">", a, al, b, bl, y, yl);
        if (n == 0) return;
        cache.Get("ZipD", acc => acc.LoadStreamKernel<TOp, int, ArrayView<double>, StridedLayout, ArrayView<double>, StridedLayout,
            ArrayView<double>, StridedLayout>(ElementwiseKernels.ZipD), typeof(TOp))(cache.Linear(n), op, n, a, al, b, bl, y, yl);
    }

    /// <summary>y = cond ≠ 0 ? a : b.</summary>
    public void Where(ArrayView<float> c, StridedLayout cl, ArrayView<float> a, StridedLayout al, ArrayView<float> b, StridedLayout bl,
        ArrayView<float> y, StridedLayout yl) => WhereOf(c, cl, a, al, b, bl, y, yl);

    /// <summary>y = cond ≠ 0 ? a : b in double precision.</summary>
    public void Where(ArrayView<double> c, StridedLayout cl, ArrayView<double> a, StridedLayout al, ArrayView<double> b, StridedLayout bl,
        ArrayView<double> y, StridedLayout yl) => WhereOf(c, cl, a, al, b, bl, y, yl);

    private void WhereOf<T>(ArrayView<T> c, StridedLayout cl, ArrayView<T> a, StridedLayout al, ArrayView<T> b, StridedLayout bl,
        ArrayView<T> y, StridedLayout yl) where T : unmanaged, System.Numerics.INumber<T>
    {
        string kernel = $"Where<{typeof(T).Name}>";
        int n = ValidateZip(kernel, a, al, b, bl, y, yl);
        Check.SameShape(kernel, cl, "cond", yl, "y");
        Check.Layout(kernel, "cond", c, cl);
        if (n == 0) return;
        cache.Get("Where", acc => acc.LoadStreamKernel<int, ArrayView<T>, StridedLayout, ArrayView<T>, StridedLayout,
            ArrayView<T>, StridedLayout, ArrayView<T>, StridedLayout>(ElementwiseKernels.Where<T>), typeof(T))(cache.Linear(n), n, c, cl, a, al, b, bl, y, yl);
    }

    private static int ValidateMap<T>(string kernel, ArrayView<T> x, in StridedLayout xl, ArrayView<T> y, in StridedLayout yl)
        where T : unmanaged
    {
        Check.SameShape(kernel, xl, "x", yl, "y");
        Check.FitsInt(kernel, "n", yl.Count);
        Check.Layout(kernel, "x", x, xl);
        Check.Output(kernel, "y", y, yl);
        return (int)yl.Count;
    }

    private static int ValidateZip<T>(string kernel, ArrayView<T> a, in StridedLayout al, ArrayView<T> b, in StridedLayout bl,
        ArrayView<T> y, in StridedLayout yl) where T : unmanaged
    {
        Check.SameShape(kernel, al, "a", yl, "y");
        Check.SameShape(kernel, bl, "b", yl, "y");
        Check.FitsInt(kernel, "n", yl.Count);
        Check.Layout(kernel, "a", a, al);
        Check.Layout(kernel, "b", b, bl);
        Check.Output(kernel, "y", y, yl);
        return (int)yl.Count;
    }
}
