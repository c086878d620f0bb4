using System.Numerics;
using Engine.Kernels.Layout;
using Engine.Kernels.Scalar;
using ILGPU;

namespace Engine.Kernels.Elementwise;

/// <summary>
/// Device code for unary and binary elementwise ops over strided (broadcast) layouts, generic over the
/// scalar functors so that fused chains compile to one kernel. Grid-stride loops: any grid covers any n.
/// </summary>
public static class ElementwiseKernels
{
    /// <summary>y[yl(i)] = op(x[xl(i)]) in float32, for i &lt; n.</summary>
    [KernelEntry]
    public static void MapF<TOp>(TOp op, int n, ArrayView<float> x, StridedLayout xl, ArrayView<float> y, StridedLayout yl)
        where TOp : struct, IUnaryFunctor
    {
        int step = Grid.DimX * Group.DimX;
        for (int i = Grid.IdxX * Group.DimX + Group.IdxX; i < n; i += step)
            y[yl.Offset(i)] = op.Apply(x[xl.Offset(i)]);
    }

    /// <summary>y[yl(i)] = op(x[xl(i)]) in float64, for i &lt; n.</summary>
    [KernelEntry]
    public static void MapD<TOp>(TOp op, int n, ArrayView<double> x, StridedLayout xl, ArrayView<double> y, StridedLayout yl)
        where TOp : struct, IUnaryFunctor
    {
        int step = Grid.DimX * Group.DimX;
        for (int i = Grid.IdxX * Group.DimX + Group.IdxX; i < n; i += step)
            y[yl.Offset(i)] = op.Apply(x[xl.Offset(i)]);
    }

    /// <summary>y[yl(i)] = op(a[al(i)], b[bl(i)]) in float32; broadcasting is a zero stride in al or bl.</summary>
    [KernelEntry]
    public static void ZipF<TOp>(TOp op, int n, ArrayView<float> a, StridedLayout al, ArrayView<float> b, StridedLayout bl,
        ArrayView<float> y, StridedLayout yl)
        where TOp : struct, IBinaryFunctor
    {
        int step = Grid.DimX * Group.DimX;
        for (int i = Grid.IdxX * Group.DimX + Group.IdxX; i < n; i += step)
            y[yl.Offset(i)] = op.Apply(a[al.Offset(i)], b[bl.Offset(i)]);
    }

    /// <summary>y[yl(i)] = op(a[al(i)], b[bl(i)]) in float64; broadcasting is a zero stride in al or bl.</summary>
    [KernelEntry]
    public static void ZipD<TOp>(TOp op, int n, ArrayView<double> a, StridedLayout al, ArrayView<double> b, StridedLayout bl,
        ArrayView<double> y, StridedLayout yl)
        where TOp : struct, IBinaryFunctor
    {
        int step = Grid.DimX * Group.DimX;
        for (int i = Grid.IdxX * Group.DimX + Group.IdxX; i < n; i += step)
            y[yl.Offset(i)] = op.Apply(a[al.Offset(i)], b[bl.Offset(i)]);
    }

    /// <summary>y = cond ≠ 0 ? a : b, the condition in the values' type; one kernel for float and double (it was a twin).</summary>
    [KernelEntry]
    public static void Where<T>(int n, ArrayView<T> c, StridedLayout cl, ArrayView<T> a, StridedLayout al,
        ArrayView<T> b, StridedLayout bl, ArrayView<T> y, StridedLayout yl) where T : unmanaged, INumber<T>
    {
        int step = Grid.DimX * Group.DimX;
        for (int i = Grid.IdxX * Group.DimX + Group.IdxX; i < n; i += step)
            y[yl.Offset(i)] = c[cl.Offset(i)] != T.Zero ? a[al.Offset(i)] : b[bl.Offset(i)];
    }
}
