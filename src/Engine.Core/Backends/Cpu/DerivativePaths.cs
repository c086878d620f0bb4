using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Engine.Kernels.Scalar;

namespace Engine.Backends.Cpu;

/// <summary>
/// SIMD forms of the fused derivative products g·f′ (dense operands only). They evaluate the same
/// formulas as the scalar functors, with the exponential taken through TensorPrimitives and the rest
/// in Vector&lt;T&gt; arithmetic; the op-table tests and the backend tests compare both paths.
/// </summary>
internal static class DerivativePaths
{
    public static bool TryFused<TOp, T>(ReadOnlySpan<T> g, ReadOnlySpan<T> x, Span<T> z)
        where TOp : struct, IBinaryFunctor where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(TOp) == typeof(TanhGradF)) { TanhGrad(g, x, z); return true; }
        if (typeof(TOp) == typeof(SigmoidGradF)) { SigmoidGrad(g, x, z); return true; }
        if (typeof(TOp) == typeof(MishGradF)) { Mish(g, x, z, second: false); return true; }
        if (typeof(TOp) == typeof(MishGrad2F)) { Mish(g, x, z, second: true); return true; }
        if (typeof(TOp) == typeof(SinGradF)) { WithTemp(g, x, z, static (x, t) => VectorPaths.Cos(x, t)); return true; }
        return false;
    }

    private static void WithTemp<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> x, Span<T> z, VectorPaths.SpanMap<T> f) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var buffer = ArrayPool<T>.Shared.Rent(x.Length);
        var t = buffer.AsSpan(0, x.Length);
        f(x, t);
        TensorPrimitives.Multiply(g, t, z);
        ArrayPool<T>.Shared.Return(buffer);
    }

    private static void TanhGrad<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
            for (; i + Vector<T>.Count <= y.Length; i += Vector<T>.Count)
            {
                var yv = new Vector<T>(y[i..]);
                (new Vector<T>(g[i..]) * (Vector<T>.One - yv * yv)).CopyTo(z[i..]);
            }
        for (; i < y.Length; i++) z[i] = g[i] * (T.One - y[i] * y[i]);
    }

    private static void SigmoidGrad<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> y, Span<T> z) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
            for (; i + Vector<T>.Count <= y.Length; i += Vector<T>.Count)
            {
                var yv = new Vector<T>(y[i..]);
                (new Vector<T>(g[i..]) * yv * (Vector<T>.One - yv)).CopyTo(z[i..]);
            }
        for (; i < y.Length; i++) z[i] = g[i] * y[i] * (T.One - y[i]);
    }

    /// <summary>
    /// With e = exp(min(x, 20)): n = e(e + 2), t = tanh(softplus(x)) = n/(n + 2), σ = e/(1 + e).
    /// mish′ = t + x·σ·(1 − t²); mish″ = (1 − t²)·(2σ + x·σ·(1 − σ) − 2·x·σ²·t). Beyond x = 20 both
    /// t and σ are 1 to double precision, so clamping the exponent changes nothing but avoids overflow.
    /// </summary>
    private static void Mish<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> x, Span<T> z, bool second) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float) && MishPaths.Supported)
        {
            MishPaths.Derivative(MemoryMarshal.Cast<T, float>(g), MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(z), second);
            return;
        }
        var buffer = ArrayPool<T>.Shared.Rent(x.Length);
        var e = buffer.AsSpan(0, x.Length);
        TensorPrimitives.Min(x, T.CreateTruncating(20), e);
        TensorPrimitives.Exp(e, e);
        T two = T.CreateTruncating(2);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var twoV = new Vector<T>(two);
            for (; i + Vector<T>.Count <= x.Length; i += Vector<T>.Count)
            {
                var ev = new Vector<T>(e[i..]);
                var xv = new Vector<T>(x[i..]);
                var n = ev * (ev + twoV);
                var t = n / (n + twoV);
                var s = ev / (Vector<T>.One + ev);
                var oneMinusT2 = Vector<T>.One - t * t;
                var d = second
                    ? oneMinusT2 * (twoV * s + xv * s * (Vector<T>.One - s) - twoV * xv * s * s * t)
                    : t + xv * s * oneMinusT2;
                (new Vector<T>(g[i..]) * d).CopyTo(z[i..]);
            }
        }
        for (; i < x.Length; i++)
        {
            T ev = e[i], xv = x[i], n = ev * (ev + two), t = n / (n + two), s = ev / (T.One + ev), q = T.One - t * t;
            T d = second ? q * (two * s + xv * s * (T.One - s) - two * xv * s * s * t) : t + xv * s * q;
            z[i] = g[i] * d;
        }
        ArrayPool<T>.Shared.Return(buffer);
    }
}
