using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Engine.Backends.Cpu;

/// <summary>
/// Single-pass float32 kernels for mish and its fused derivative products g·mish′, g·mish″ (contiguous runs).
/// <para>Why: the reward networks apply mish (or its derivatives) about five times per element and layer in a
/// double-backward step. Through TensorPrimitives each call made three passes (clamp, exp, the rational form)
/// and its float exp is evaluated in double precision: about 1 ns per element. Here one pass does it all
/// with a float exp (Cephes' expf: Cody–Waite reduction by ln 2 and a degree-5 polynomial, ≈ 1 ulp) in
/// 16- or 8-lane FMA arithmetic.</para>
/// <para>Determinism: each element is computed by the same operation sequence whatever the vector width and
/// wherever it lies in the span (the tail is padded to a full vector rather than run through scalar code), so
/// results do not depend on alignment, thread split or AVX-512. They agree with the scalar functors to float
/// rounding (a few ulp), as every SIMD path does; float64 keeps the TensorPrimitives paths.</para>
/// </summary>
internal static class MishPaths
{
    /// <summary>Whether the fast kernels run here: FMA hardware (so Fma rounds once, fast) with 256- or 512-bit vectors.</summary>
    public static bool Supported { get; } = Fma.IsSupported && Vector256.IsHardwareAccelerated;

    private static readonly bool Wide = Vector512.IsHardwareAccelerated;

    /// <summary>y = mish(x) = x·(n/(n + 2)), n = eˣ(eˣ + 2) (the ratio first: x·n overflows for huge x).</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y)
    {
        if (Wide) Run<Lanes512, Vector512<float>, MishValue>(default, x, x, y);
        else Run<Lanes256, Vector256<float>, MishValue>(default, x, x, y);
    }

    /// <summary>z = g·mish′(x) (<paramref name="second"/> false) or g·mish″(x).</summary>
    public static void Derivative(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> z, bool second)
    {
        if (second)
        {
            if (Wide) Run<Lanes512, Vector512<float>, MishSecond>(default, g, x, z);
            else Run<Lanes256, Vector256<float>, MishSecond>(default, g, x, z);
        }
        else if (Wide) Run<Lanes512, Vector512<float>, MishFirst>(default, g, x, z);
        else Run<Lanes256, Vector256<float>, MishFirst>(default, g, x, z);
    }

    /// <summary>An elementwise map of (g, x) in lanes; value-only maps ignore g.</summary>
    private interface ILaneMap
    {
        TV Apply<TL, TV>(TV g, TV x) where TL : struct, IFloatLanes<TV> where TV : struct;
    }

    private static void Run<TL, TV, TMap>(TMap map, ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> z)
        where TL : struct, IFloatLanes<TV> where TV : struct where TMap : struct, ILaneMap
    {
        int w = TL.Count, n = x.Length, i = 0;
        ref float gr = ref MemoryMarshal.GetReference(g), xr = ref MemoryMarshal.GetReference(x), zr = ref MemoryMarshal.GetReference(z);
        for (; i <= n - w; i += w)
            TL.Store(map.Apply<TL, TV>(TL.Load(ref Unsafe.Add(ref gr, i)), TL.Load(ref Unsafe.Add(ref xr, i))), ref Unsafe.Add(ref zr, i));
        if (i == n) return;
        // The tail as one padded vector: the same operations as the body, so the same bits.
        Span<float> pg = stackalloc float[w], px = stackalloc float[w], pz = stackalloc float[w];
        pg.Clear(); px.Clear();
        g[i..].CopyTo(pg);
        x[i..].CopyTo(px);
        TL.Store(map.Apply<TL, TV>(TL.Load(ref pg[0]), TL.Load(ref px[0])), ref pz[0]);
        pz[..(n - i)].CopyTo(z[i..]);
    }

    /// <summary>
    /// eˣ for x ≤ 20 (mish's clamp; above it tanh(softplus(x)) and σ(x) are 1 in float). Below −87.3 the input is
    /// clamped so that 2^k stays a normal number: e ≈ 1.2e−38 there, and x·e is as good as zero for mish.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Exp<TL, TV>(TV x) where TL : struct, IFloatLanes<TV> where TV : struct
    {
        x = TL.Max(TL.Min(x, TL.Splat(20f)), TL.Splat(-87.3f));
        var k = TL.Round(TL.Mul(x, TL.Splat(1.44269504088896341f)));
        // r = x − k·ln 2, with ln 2 split so that k·C1 is exact.
        var r = TL.Fma(k, TL.Splat(-0.693359375f), x);
        r = TL.Fma(k, TL.Splat(2.12194440e-4f), r);
        var p = TL.Fma(TL.Splat(1.9875691500e-4f), r, TL.Splat(1.3981999507e-3f));
        p = TL.Fma(p, r, TL.Splat(8.3334519073e-3f));
        p = TL.Fma(p, r, TL.Splat(4.1665795894e-2f));
        p = TL.Fma(p, r, TL.Splat(1.6666665459e-1f));
        p = TL.Fma(p, r, TL.Splat(5.0000001201e-1f));
        p = TL.Fma(p, TL.Mul(r, r), TL.Add(r, TL.Splat(1f)));
        return TL.Mul(p, TL.Pow2(k));
    }

    private readonly struct MishValue : ILaneMap
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Apply<TL, TV>(TV g, TV x) where TL : struct, IFloatLanes<TV> where TV : struct
        {
            var e = Exp<TL, TV>(x);
            var n = TL.Mul(e, TL.Add(e, TL.Splat(2f)));
            return TL.Mul(x, TL.Div(n, TL.Add(n, TL.Splat(2f))));
        }
    }

    /// <summary>mish′ = t + x·σ·(1 − t²) with t = n/(n + 2) = tanh(softplus(x)), σ = e/(1 + e).</summary>
    private readonly struct MishFirst : ILaneMap
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Apply<TL, TV>(TV g, TV x) where TL : struct, IFloatLanes<TV> where TV : struct
        {
            var (t, s) = TanhSoftplusAndSigmoid<TL, TV>(x);
            var q = TL.Fma(TL.Sub(TL.Splat(0f), t), t, TL.Splat(1f));
            return TL.Mul(g, TL.Fma(TL.Mul(x, s), q, t));
        }
    }

    /// <summary>mish″ = (1 − t²)·(2σ + x·σ·(1 − σ) − 2·x·σ²·t) = (1 − t²)·σ·(2 + x·(1 − σ − 2·σ·t)).</summary>
    private readonly struct MishSecond : ILaneMap
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Apply<TL, TV>(TV g, TV x) where TL : struct, IFloatLanes<TV> where TV : struct
        {
            var (t, s) = TanhSoftplusAndSigmoid<TL, TV>(x);
            var q = TL.Fma(TL.Sub(TL.Splat(0f), t), t, TL.Splat(1f));
            var inner = TL.Sub(TL.Sub(TL.Splat(1f), s), TL.Mul(TL.Add(s, s), t));
            return TL.Mul(g, TL.Mul(TL.Mul(q, s), TL.Fma(x, inner, TL.Splat(2f))));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (TV T, TV S) TanhSoftplusAndSigmoid<TL, TV>(TV x) where TL : struct, IFloatLanes<TV> where TV : struct
    {
        var e = Exp<TL, TV>(x);
        var n = TL.Mul(e, TL.Add(e, TL.Splat(2f)));
        return (TL.Div(n, TL.Add(n, TL.Splat(2f))), TL.Div(e, TL.Add(e, TL.Splat(1f))));
    }
}
