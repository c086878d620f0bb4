using Engine.Kernels.Elementwise;
using Engine.Kernels.Layout;
using Engine.Kernels.Runtime;
using Engine.Kernels.Scalar;
using ILGPU;
using ILGPU.Runtime;

namespace Engine.Kernels.Reduce;

/// <summary>The reductions with their identities.</summary>
public enum ReduceKind
{
    /// <summary>Σ, identity 0.</summary>
    Sum,
    /// <summary>max, identity −∞.</summary>
    Max,
    /// <summary>min, identity +∞.</summary>
    Min,
}

/// <summary>
/// Host side of reductions. The caller splits the input's dimensions into kept ones (<c>outer</c>,
/// carrying the base offset; as many elements as the output, matched in row-major order) and reduced ones (<c>inner</c>, base 0), both
/// with the input's strides, so any set of axes, in any layout, reduces without a copy.
/// </summary>
public sealed class ReduceLaunchers(KernelCache cache)
{
    /// <summary>y = scale · reduce(x) with the kind's combiner (scale = 1/n gives a mean).</summary>
    public void Reduce(ReduceKind kind, ArrayView<float> x, StridedLayout outer, StridedLayout inner,
        ArrayView<float> y, StridedLayout yl, float scale = 1f)
    {
        switch (kind)
        {
            case ReduceKind.Sum: Reduce(default(IdentityF), default(AddF), 0f, x, outer, inner, y, yl, scale); break;
            case ReduceKind.Max: Reduce(default(IdentityF), default(MaxF), float.NegativeInfinity, x, outer, inner, y, yl, scale); break;
            case ReduceKind.Min: Reduce(default(IdentityF), default(MinF), float.PositiveInfinity, x, outer, inner, y, yl, scale); break;
            default: throw new ArgumentException($"Reduce: unknown kind {kind}");
        }
    }

    /// <summary>Double-precision <see cref="Reduce(ReduceKind, ArrayView{float}, StridedLayout, StridedLayout, ArrayView{float}, StridedLayout, float)"/>.</summary>
    public void Reduce(ReduceKind kind, ArrayView<double> x, StridedLayout outer, StridedLayout inner,
        ArrayView<double> y, StridedLayout yl, double scale = 1.0)
    {
        switch (kind)
        {
            case ReduceKind.Sum: Reduce(default(IdentityF), default(AddF), 0.0, x, outer, inner, y, yl, scale); break;
            case ReduceKind.Max: Reduce(default(IdentityF), default(MaxF), double.NegativeInfinity, x, outer, inner, y, yl, scale); break;
            case ReduceKind.Min: Reduce(default(IdentityF), default(MinF), double.PositiveInfinity, x, outer, inner, y, yl, scale); break;
            default: throw new ArgumentException($"Reduce: unknown kind {kind}");
        }
    }

    /// <summary>General form: y = scale · fold(combine, identity, map(x)) — e.g. a sum of squares fuses the square.</summary>
    public void Reduce<TMap, TCombine>(TMap map, TCombine combine, float identity, ArrayView<float> x, StridedLayout outer,
        StridedLayout inner, ArrayView<float> y, StridedLayout yl, float scale = 1f)
        where TMap : struct, IUnaryFunctor where TCombine : struct, IBinaryFunctor
    {
        var (outCount, innerCount) = Validate($"ReduceF<{typeof(TMap).Name},{typeof(TCombine).Name}>", x, outer, inner, y, yl);
        if (outCount == 0) return;
        cache.Get("ReduceF", acc => acc.LoadStreamKernel<TMap, TCombine, float, float, int, int, ArrayView<float>, StridedLayout,
                StridedLayout, ArrayView<float>, StridedLayout>(ReduceKernels.ReduceF), typeof(TMap), typeof(TCombine))(
            cache.GroupPerItem(outCount), map, combine, identity, scale, outCount, innerCount, x, outer, inner, y, yl);
    }

    /// <summary>Double-precision general form.</summary>
    public void Reduce<TMap, TCombine>(TMap map, TCombine combine, double identity, ArrayView<double> x, StridedLayout outer,
        StridedLayout inner, ArrayView<double> y, StridedLayout yl, double scale = 1.0)
        where TMap : struct, IUnaryFunctor where TCombine : struct, IBinaryFunctor
    {
        var (outCount, innerCount) = Validate($"ReduceD<{typeof(TMap).Name},{typeof(TCombine).Name}>", x, outer, inner, y, yl);
        if (outCount == 0) return;
        cache.Get("ReduceD", acc => acc.LoadStreamKernel<TMap, TCombine, double, double, int, int, ArrayView<double>, StridedLayout,
                StridedLayout, ArrayView<double>, StridedLayout>(ReduceKernels.ReduceD), typeof(TMap), typeof(TCombine))(
            cache.GroupPerItem(outCount), map, combine, identity, scale, outCount, innerCount, x, outer, inner, y, yl);
    }

    private static (int, int) Validate<T>(string kernel, ArrayView<T> x, in StridedLayout outer, in StridedLayout inner,
        ArrayView<T> y, in StridedLayout yl) where T : unmanaged
    {
        // Output element o pairs with outer element o in row-major order, so only the counts must agree.
        Check.That(outer.Count == yl.Count, kernel, $"outer {outer.ShapeText()} has {outer.Count} elements, y {yl.ShapeText()} has {yl.Count}");
        Check.That(inner.Base == 0, kernel, $"inner layout must have base 0 (got {inner.Base}); the outer layout carries the offset");
        Check.FitsInt(kernel, "outer count", outer.Count);
        Check.FitsInt(kernel, "inner count", inner.Count);
        if (outer.Count > 0 && inner.Count > 0)
        {
            var (olo, ohi) = outer.OffsetRange();
            var (ilo, ihi) = inner.OffsetRange();
            Check.That(Check.Usable(x) && olo + ilo >= 0 && ohi + ihi < x.Length, kernel,
                $"x layouts outer {outer.ShapeText()} × inner {inner.ShapeText()} touch [{olo + ilo}, {ohi + ihi}] outside a view of {x.Length}");
        }
        Check.Output(kernel, "y", y, yl);
        return ((int)outer.Count, (int)inner.Count);
    }
}
