using Engine.Kernels.Layout;
using ILGPU;

namespace Engine.Kernels.Data;

/// <summary>Fill, strided copy and dtype casts: data movement with no arithmetic.</summary>
public static class DataKernels
{
    /// <summary>y[yl(i)] = value for i &lt; n.</summary>
    [KernelEntry]
    public static void Fill<T>(int n, T value, ArrayView<T> y, StridedLayout yl) where T : unmanaged
    {
        int step = Grid.DimX * Group.DimX;
        for (int i = Grid.IdxX * Group.DimX + Group.IdxX; i < n; i += step)
            y[yl.Offset(i)] = value;
    }

    /// <summary>y[yl(i)] = x[xl(i)]: contiguous(), slice assignment, transposes and broadcasts materialised.</summary>
    [KernelEntry]
    public static void Copy<T>(int n, ArrayView<T> x, StridedLayout xl, ArrayView<T> y, StridedLayout yl) where T : unmanaged
    {
        int step = Grid.DimX * Group.DimX;
        for (int i = Grid.IdxX * Group.DimX + Group.IdxX; i < n; i += step)
            y[yl.Offset(i)] = x[xl.Offset(i)];
    }

    /// <summary>y[yl(i)] = (double)x[xl(i)], exact.</summary>
    [KernelEntry]
    public static void FloatToDouble(int n, ArrayView<float> x, StridedLayout xl, ArrayView<double> y, StridedLayout yl)
    {
        int step = Grid.DimX * Group.DimX;
        for (int i = Grid.IdxX * Group.DimX + Group.IdxX; i < n; i += step)
            y[yl.Offset(i)] = x[xl.Offset(i)];
    }

    /// <summary>Round to nearest, as a C# (float) cast.</summary>
    [KernelEntry]
    public static void DoubleToFloat(int n, ArrayView<double> x, StridedLayout xl, ArrayView<float> y, StridedLayout yl)
    {
        int step = Grid.DimX * Group.DimX;
        for (int i = Grid.IdxX * Group.DimX + Group.IdxX; i < n; i += step)
            y[yl.Offset(i)] = (float)x[xl.Offset(i)];
    }

    /// <summary>y[yl(i)] = (float)x[xl(i)], rounded to nearest (exact for |x| ≤ 2²⁴).</summary>
    [KernelEntry]
    public static void IntToFloat(int n, ArrayView<int> x, StridedLayout xl, ArrayView<float> y, StridedLayout yl)
    {
        int step = Grid.DimX * Group.DimX;
        for (int i = Grid.IdxX * Group.DimX + Group.IdxX; i < n; i += step)
            y[yl.Offset(i)] = x[xl.Offset(i)];
    }

    /// <summary>Truncates toward zero, as a C# (int) cast; the caller keeps values inside the int range.</summary>
    [KernelEntry]
    public static void FloatToInt(int n, ArrayView<float> x, StridedLayout xl, ArrayView<int> y, StridedLayout yl)
    {
        int step = Grid.DimX * Group.DimX;
        for (int i = Grid.IdxX * Group.DimX + Group.IdxX; i < n; i += step)
            y[yl.Offset(i)] = (int)x[xl.Offset(i)];
    }

    /// <summary>y[yl(i)] = (double)x[xl(i)], exact.</summary>
    [KernelEntry]
    public static void IntToDouble(int n, ArrayView<int> x, StridedLayout xl, ArrayView<double> y, StridedLayout yl)
    {
        int step = Grid.DimX * Group.DimX;
        for (int i = Grid.IdxX * Group.DimX + Group.IdxX; i < n; i += step)
            y[yl.Offset(i)] = x[xl.Offset(i)];
    }

    /// <summary>Truncates toward zero, as a C# (int) cast; the caller keeps values inside the int range.</summary>
    [KernelEntry]
    public static void DoubleToInt(int n, ArrayView<double> x, StridedLayout xl, ArrayView<int> y, StridedLayout yl)
    {
        int step = Grid.DimX * Group.DimX;
        for (int i = Grid.IdxX * Group.DimX + Group.IdxX; i < n; i += step)
            y[yl.Offset(i)] = (int)x[xl.Offset(i)];
    }
}
