namespace Engine.Envs;

/// <summary>
/// Seeded pseudo-random generator (xoshiro256** seeded through SplitMix64). Our own implementation so
/// that datasets depend only on the seed, never on the runtime's <see cref="System.Random"/> algorithm.
/// Not thread-safe: give each worker its own instance (see <see cref="Split"/>).
/// </summary>
public sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;
    private double? _spareNormal;

    /// <summary>A generator whose xoshiro256** state is four SplitMix64 outputs of <paramref name="seed"/>; every seed is valid.</summary>
    public Rng(ulong seed)
    {
        ulong sm = seed;
        _s0 = SplitMix(ref sm);
        _s1 = SplitMix(ref sm);
        _s2 = SplitMix(ref sm);
        _s3 = SplitMix(ref sm);
    }

    /// <summary>The complete generator state (for checkpoints): continuing from it reproduces the stream exactly.</summary>
    public RngState State => new(_s0, _s1, _s2, _s3, _spareNormal);

    /// <summary>A generator that continues exactly where the one that produced <paramref name="state"/> was.</summary>
    public static Rng FromState(RngState state)
    {
        if ((state.S0 | state.S1 | state.S2 | state.S3) == 0)
            throw new ArgumentException("Rng: an all-zero xoshiro state is invalid (corrupt checkpoint?)", nameof(state));
        return new Rng(0) { _s0 = state.S0, _s1 = state.S1, _s2 = state.S2, _s3 = state.S3, _spareNormal = state.SpareNormal };
    }

    /// <summary>One SplitMix64 step; also used to derive independent child seeds.</summary>
    public static ulong SplitMix(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Seed for stream <paramref name="index"/> derived from <paramref name="seed"/>; distinct indices give unrelated streams.</summary>
    public static ulong Derive(ulong seed, ulong index)
    {
        ulong s = seed ^ (0xD1B54A32D192ED03UL * (index + 1));
        SplitMix(ref s);
        return SplitMix(ref s);
    }

    /// <summary>The next 64 uniformly distributed bits (one xoshiro256** step).</summary>
    public ulong NextUInt64()
    {
        ulong result = RotL(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotL(_s3, 45);
        return result;
    }

    /// <summary>A fresh generator whose stream does not overlap this one in practice.</summary>
    public Rng Split() => new(NextUInt64());

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [low, high).</summary>
    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>Uniform integer in [0, n) without modulo bias (Lemire's method).</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "n must be positive.");
        ulong bound = (ulong)n;
        ulong threshold = (0UL - bound) % bound;
        while (true)
        {
            ulong r = NextUInt64();
            UInt128 m = (UInt128)r * bound;
            if ((ulong)m >= threshold) return (int)(ulong)(m >> 64);
        }
    }

    /// <summary>Standard normal by the Marsaglia polar method (pairs cached).</summary>
    public double Normal()
    {
        if (_spareNormal is double spare) { _spareNormal = null; return spare; }
        double u, v, s;
        do
        {
            u = 2 * NextDouble() - 1;
            v = 2 * NextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double f = Math.Sqrt(-2 * Math.Log(s) / s);
        _spareNormal = v * f;
        return u * f;
    }

    private static ulong RotL(ulong x, int k) => (x << k) | (x >> (64 - k));
}

/// <summary>xoshiro256** words and the cached second normal of a <see cref="Rng"/>.</summary>
public readonly record struct RngState(ulong S0, ulong S1, ulong S2, ulong S3, double? SpareNormal);
