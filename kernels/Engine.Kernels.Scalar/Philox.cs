namespace Engine.Kernels.Scalar;

/// <summary>
/// Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011): a
/// counter-based generator. Every random element is a pure function of (key, counter), so the CPU
/// and GPU backends produce identical streams from the same seed regardless of how work is split.
/// Convention used by every backend: element <c>i</c> of a draw at stream offset <c>o</c> uses
/// counter (lo32(o + i), hi32(o + i), stream, 0); see <see cref="RandomElement"/>.
/// </summary>
public static class Philox
{
    private const uint M0 = 0xD2511F53, M1 = 0xCD9E8D57;
    private const uint W0 = 0x9E3779B9, W1 = 0xBB67AE85;

    /// <summary>Ten rounds on the counter (c0..c3) with key (k0, k1); returns the four output words.</summary>
    public static (uint, uint, uint, uint) Block(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1)
    {
        for (int round = 0; round < 10; round++)
        {
            ulong p0 = (ulong)M0 * c0, p1 = (ulong)M1 * c2;
            uint hi0 = (uint)(p0 >> 32), lo0 = (uint)p0, hi1 = (uint)(p1 >> 32), lo1 = (uint)p1;
            uint n0 = hi1 ^ c1 ^ k0, n1 = lo1, n2 = hi0 ^ c3 ^ k1, n3 = lo0;
            c0 = n0; c1 = n1; c2 = n2; c3 = n3;
            k0 += W0; k1 += W1;
        }
        return (c0, c1, c2, c3);
    }
}

/// <summary>The per-element distributions, defined once for all backends.</summary>
public static class RandomElement
{
    private const double TwoPi = 6.283185307179586;

    private static (uint, uint, uint, uint) Words(ulong key, uint stream, ulong index) =>
        Philox.Block((uint)index, (uint)(index >> 32), stream, 0u, (uint)key, (uint)(key >> 32));

    /// <summary>53-bit uniform in [0, 1) from two words.</summary>
    private static double Unit(uint hi, uint lo) => ((ulong)(hi >> 5) * 67108864.0 + (lo >> 6)) * (1.0 / 9007199254740992.0);

    /// <summary>Uniform in [0, 1).</summary>
    public static double Uniform(ulong key, uint stream, ulong index)
    {
        var (a, b, _, _) = Words(key, stream, index);
        return Unit(a, b);
    }

    /// <summary>Standard normal by Box–Muller on two 53-bit uniforms (the first one shifted into (0, 1]).</summary>
    public static double Normal(ulong key, uint stream, ulong index)
    {
        var (a, b, c, d) = Words(key, stream, index);
        double u1 = 1.0 - Unit(a, b), u2 = Unit(c, d);
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(TwoPi * u2);
    }

    /// <summary>Uniform integer in [0, n), n &gt; 0, by Lemire's multiply-shift on 64 random bits (bias below 2^-32 for n &lt; 2^32).</summary>
    public static long Below(ulong key, uint stream, ulong index, long n)
    {
        var (a, b, _, _) = Words(key, stream, index);
        ulong bits = ((ulong)a << 32) | b;
        return (long)MulHigh(bits, (ulong)n);
    }

    /// <summary>
    /// High 64 bits of the 128-bit product, from 32-bit halves. Equal to Math.BigMul's high word, which
    /// ILGPU cannot compile (it branches on the x86 Bmi2 intrinsic).
    /// </summary>
    private static ulong MulHigh(ulong a, ulong b)
    {
        ulong aLo = (uint)a, aHi = a >> 32, bLo = (uint)b, bHi = b >> 32;
        ulong lo = aLo * bLo, m1 = aLo * bHi, m2 = aHi * bLo, hi = aHi * bHi;
        ulong carry = ((lo >> 32) + (uint)m1 + (uint)m2) >> 32;
        return hi + (m1 >> 32) + (m2 >> 32) + carry;
    }
}
