using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Engine.Kernels.Scalar;

namespace Engine.Backends.Cpu;

/// <summary>
/// SIMD fast paths for contiguous runs of the most frequent ops, through TensorPrimitives. Every
/// path computes the same function as the scalar functor (to float rounding); the op-spec tests
/// compare both. Decision: dispatch on the functor type, which the JIT folds per instantiation,
/// so ops without a fast path pay nothing.
/// </summary>
internal static class VectorPaths
{
    public static bool TryUnary<TOp, T>(TOp op, ReadOnlySpan<T> x, Span<T> y)
        where TOp : struct, IUnaryFunctor where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(TOp) == typeof(ExpF)) { TensorPrimitives.Exp(x, y); return true; }
        if (typeof(TOp) == typeof(TanhF)) { TensorPrimitives.Tanh(x, y); return true; }
        if (typeof(TOp) == typeof(SigmoidF)) { TensorPrimitives.Sigmoid(x, y); return true; }
        if (typeof(TOp) == typeof(LogF)) { TensorPrimitives.Log(x, y); return true; }
        if (typeof(TOp) == typeof(NegF)) { TensorPrimitives.Negate(x, y); return true; }
        if (typeof(TOp) == typeof(AbsF)) { TensorPrimitives.Abs(x, y); return true; }
        if (typeof(TOp) == typeof(SqrtF)) { TensorPrimitives.Sqrt(x, y); return true; }
        if (typeof(TOp) == typeof(SinF)) { Sin(x, y); return true; }
        if (typeof(TOp) == typeof(CosF)) { Cos(x, y); return true; }
        if (typeof(TOp) == typeof(SquareF)) { TensorPrimitives.Multiply(x, x, y); return true; }
        if (typeof(TOp) == typeof(ReciprocalF)) { TensorPrimitives.Divide(T.One, x, y); return true; }
        if (typeof(TOp) == typeof(MulScalarF)) { TensorPrimitives.Multiply(x, Generic.Apply(op, T.One), y); return true; }
        if (typeof(TOp) == typeof(AddScalarF)) { TensorPrimitives.Add(x, Generic.Apply(op, T.Zero), y); return true; }
        if (typeof(TOp) == typeof(MishF)) { Mish(x, y); return true; }
        // The piecewise ones: a branch per element mispredicts on signed data (about 1 ns per element);
        // a compare-and-select does not. The slope is read back through the functor (exact: f(−1) = −slope,
        // leaky_step(0) = slope), so the scalar and vector paths use the same constant.
        if (typeof(TOp) == typeof(LeakyReluF)) { PositiveOr(x, y, scaleNegative: true, -Generic.Apply(op, -T.One)); return true; }
        if (typeof(TOp) == typeof(ReluF)) { PositiveOr(x, y, scaleNegative: false, T.Zero); return true; }
        if (typeof(TOp) == typeof(LeakyStepF)) { StepOf(x, y, Generic.Apply(op, T.Zero)); return true; }
        if (typeof(TOp) == typeof(StepF)) { StepOf(x, y, T.Zero); return true; }
        return false;
    }

    /// <summary>
    /// y = x &gt; 0 ? x : (scaleNegative ? x·c : c), exactly the scalar functors' expressions (leaky relu: x·slope;
    /// relu: 0), so NaN, −0 and ±∞ come out as there: NaN &gt; 0 is false in both.
    /// </summary>
    private static void PositiveOr<T>(ReadOnlySpan<T> x, Span<T> y, bool scaleNegative, T c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector<T>.Count, i = 0;
        var vc = new Vector<T>(c);
        for (; i <= x.Length - w; i += w)
        {
            var v = new Vector<T>(x[i..]);
            Vector.ConditionalSelect(Vector.GreaterThan(v, Vector<T>.Zero), v, scaleNegative ? v * vc : vc).CopyTo(y[i..]);
        }
        for (; i < x.Length; i++) y[i] = x[i] > T.Zero ? x[i] : scaleNegative ? x[i] * c : c;
    }

    /// <summary>y = x &gt; 0 ? 1 : c (step: c = 0; leaky step: c = slope).</summary>
    private static void StepOf<T>(ReadOnlySpan<T> x, Span<T> y, T c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector<T>.Count, i = 0;
        var vc = new Vector<T>(c);
        for (; i <= x.Length - w; i += w)
            Vector.ConditionalSelect(Vector.GreaterThan(new Vector<T>(x[i..]), Vector<T>.Zero), Vector<T>.One, vc).CopyTo(y[i..]);
        for (; i < x.Length; i++) y[i] = x[i] > T.Zero ? T.One : c;
    }

    /// <summary>Chunk of <see cref="Sin{T}"/> and <see cref="Cos{T}"/> for double (see there).</summary>
    private const int AddressIndependentChunk = 64;

    /// <summary>
    /// TensorPrimitives.Sin. For double, its result for long spans depends on where the span lies in
    /// memory (measured: about 1 element in 150 differs by an ulp between array offsets, as its
    /// alignment handling sends different elements down different paths), which would make results
    /// depend on which pooled array an op got. Spans of at most 64 elements are computed the same way
    /// at every address (checked for offsets 0-15), so double is processed in 64-element chunks from
    /// the span start. Float showed no such dependence (and all other functions used here neither).
    /// </summary>
    public static void Sin<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> =>
        AddressIndependent(x, y, static (a, b) => TensorPrimitives.Sin(a, b));

    /// <summary>TensorPrimitives.Cos, address-independent for double as <see cref="Sin{T}"/>.</summary>
    public static void Cos<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> =>
        AddressIndependent(x, y, static (a, b) => TensorPrimitives.Cos(a, b));

    /// <summary>A span map as f(x → y).</summary>
    internal delegate void SpanMap<T>(ReadOnlySpan<T> x, Span<T> y);

    /// <summary><paramref name="f"/> over the span, for double in chunks from the span start (see <see cref="Sin{T}"/>).</summary>
    private static void AddressIndependent<T>(ReadOnlySpan<T> x, Span<T> y, SpanMap<T> f) where T : unmanaged
    {
        if (typeof(T) != typeof(double)) { f(x, y); return; }
        for (int i = 0; i < x.Length; i += AddressIndependentChunk)
        {
            int n = Math.Min(AddressIndependentChunk, x.Length - i);
            f(x.Slice(i, n), y.Slice(i, n));
        }
    }

    /// <summary>
    /// mish(x) = x·tanh(softplus(x)) = x·n/(n + 2) with n = eˣ(eˣ + 2); the rational form needs one
    /// exponential. For x &gt; 20, n/(n+2) is 1 to double precision and eˣ might overflow in float, so
    /// the input to exp is clamped there.
    /// </summary>
    private static void Mish<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float) && MishPaths.Supported)
        {
            MishPaths.Forward(MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(y));
            return;
        }
        T twenty = T.CreateTruncating(20), two = T.CreateTruncating(2);
        TensorPrimitives.Min(x, twenty, y);
        TensorPrimitives.Exp(y, y);
        // Vector<T> rounds each operation as the scalar tail does (no FMA contraction): same values
        // whatever the split. The division dominates; vector division has far higher throughput.
        int w = Vector<T>.Count, i = 0;
        var vtwo = new Vector<T>(two);
        for (; i <= y.Length - w; i += w)
        {
            var e = new Vector<T>(y[i..]);
            var n = e * (e + vtwo);
            (new Vector<T>(x[i..]) * n / (n + vtwo)).CopyTo(y[i..]);
        }
        for (; i < y.Length; i++)
        {
            T e = y[i], n = e * (e + two);
            y[i] = x[i] * n / (n + two);
        }
    }

    public static bool TryBinary<TOp, T>(T[] a, int ao, int aStride, T[] b, int bo, int bStride, Span<T> z)
        where TOp : struct, IBinaryFunctor where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = z.Length;
        bool aVec = aStride == 1, bVec = bStride == 1;
        if (!aVec && !bVec) return false;
        if (aVec && bVec && DerivativePaths.TryFused<TOp, T>(new ReadOnlySpan<T>(a, ao, n), new ReadOnlySpan<T>(b, bo, n), z)) return true;
        if (typeof(TOp) == typeof(AddF))
        {
            if (aVec && bVec) TensorPrimitives.Add(new ReadOnlySpan<T>(a, ao, n), new ReadOnlySpan<T>(b, bo, n), z);
            else if (aVec) TensorPrimitives.Add(new ReadOnlySpan<T>(a, ao, n), b[bo], z);
            else TensorPrimitives.Add(new ReadOnlySpan<T>(b, bo, n), a[ao], z);
            return true;
        }
        if (typeof(TOp) == typeof(MulF))
        {
            if (aVec && bVec) TensorPrimitives.Multiply(new ReadOnlySpan<T>(a, ao, n), new ReadOnlySpan<T>(b, bo, n), z);
            else if (aVec) TensorPrimitives.Multiply(new ReadOnlySpan<T>(a, ao, n), b[bo], z);
            else TensorPrimitives.Multiply(new ReadOnlySpan<T>(b, bo, n), a[ao], z);
            return true;
        }
        if (typeof(TOp) == typeof(SubF))
        {
            if (aVec && bVec) TensorPrimitives.Subtract(new ReadOnlySpan<T>(a, ao, n), new ReadOnlySpan<T>(b, bo, n), z);
            else if (aVec) TensorPrimitives.Subtract(new ReadOnlySpan<T>(a, ao, n), b[bo], z);
            else TensorPrimitives.Subtract(a[ao], new ReadOnlySpan<T>(b, bo, n), z);
            return true;
        }
        if (typeof(TOp) == typeof(DivF))
        {
            if (aVec && bVec) TensorPrimitives.Divide(new ReadOnlySpan<T>(a, ao, n), new ReadOnlySpan<T>(b, bo, n), z);
            else if (aVec) TensorPrimitives.Divide(new ReadOnlySpan<T>(a, ao, n), b[bo], z);
            else TensorPrimitives.Divide(a[ao], new ReadOnlySpan<T>(b, bo, n), z);
            return true;
        }
        return false;
    }
}
