using Engine.Kernels.Norm;
using ILGPU;

namespace Engine.Backends.Ilgpu;

public sealed partial class IlgpuBackend : IFusedNormBackend
{
    /// <inheritdoc/>
    public void GroupNorm(View x, View? weight, View? bias, int groups, double eps, View y)
    {
        var s = Shape(x, groups);
        using var stats = Scratch(x.Storage.DType, 2L * s.Batch * s.Groups);
        if (x.Storage.DType == DType.Float32)
            K.Norm.GroupNorm(s, (float)eps, At(F, x), Opt(F, weight), Opt(F, bias), At(F, y), Mean(F(Whole(stats)), s), Rstd(F(Whole(stats)), s));
        else
            K.Norm.GroupNorm(s, eps, At(D, x), Opt(D, weight), Opt(D, bias), At(D, y), Mean(D(Whole(stats)), s), Rstd(D(Whole(stats)), s));
    }

    /// <inheritdoc/>
    public void GroupNormInputGrad(View gy, View x, View? weight, int groups, double eps, View dx)
    {
        var s = Shape(x, groups);
        using var stats = Scratch(x.Storage.DType, 2L * s.Batch * s.Groups);
        if (x.Storage.DType == DType.Float32)
            K.Norm.InputGrad(s, (float)eps, At(F, gy), At(F, x), Opt(F, weight), At(F, dx), Mean(F(Whole(stats)), s), Rstd(F(Whole(stats)), s));
        else
            K.Norm.InputGrad(s, eps, At(D, gy), At(D, x), Opt(D, weight), At(D, dx), Mean(D(Whole(stats)), s), Rstd(D(Whole(stats)), s));
    }

    /// <inheritdoc/>
    public void GroupNormAffineGrad(View gy, View x, int groups, double eps, View dwdb)
    {
        var s = Shape(x, groups);
        using var stats = Scratch(x.Storage.DType, 2L * s.Batch * s.Groups);
        if (x.Storage.DType == DType.Float32)
            K.Norm.AffineGrad(s, (float)eps, At(F, gy), At(F, x), At(F, dwdb), Mean(F(Whole(stats)), s), Rstd(F(Whole(stats)), s));
        else
            K.Norm.AffineGrad(s, eps, At(D, gy), At(D, x), At(D, dwdb), Mean(D(Whole(stats)), s), Rstd(D(Whole(stats)), s));
    }

    /// <summary>[batch, channels, rest] with rest the product of the trailing axes (the interface's contiguous layout).</summary>
    private static GroupNormShape Shape(View x, int groups)
    {
        int rest = 1;
        for (int d = 2; d < x.Rank; d++) rest *= x.Shape[d];
        return new GroupNormShape(x.Shape[0], x.Shape[1], rest, groups);
    }

    private static View Whole(IlgpuStorage s) => Backends.View.Contiguous(s, [checked((int)s.Length)]);

    // The statistics share one scratch buffer: mean in the first Batch·Groups elements, rstd in the next.
    private static ArrayView<T> Mean<T>(ArrayView<T> stats, GroupNormShape s) where T : unmanaged => stats.SubView(0, (long)s.Batch * s.Groups);
    private static ArrayView<T> Rstd<T>(ArrayView<T> stats, GroupNormShape s) where T : unmanaged => stats.SubView((long)s.Batch * s.Groups, (long)s.Batch * s.Groups);

    /// <summary>The view's elements from its offset on (the interface passes contiguous views).</summary>
    private static ArrayView<T> At<T>(Func<View, ArrayView<T>> typed, View v) where T : unmanaged => typed(v).SubView(v.Offset, v.Numel);

    private static ArrayView<T>? Opt<T>(Func<View, ArrayView<T>> typed, View? v) where T : unmanaged => v is View view ? At(typed, view) : null;
}
