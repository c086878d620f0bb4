namespace Engine.Envs.MuJoCo.Locomotion;

/// <summary>
/// xoshiro256** seeded through SplitMix64: a small, fast generator whose stream depends only on the
/// seed (System.Random's algorithm is not a compatibility promise across .NET versions).
/// </summary>
public sealed class SeededRandom
{
    private ulong s0, s1, s2, s3;
    private double spareGaussian;
    private bool hasSpare;

    public SeededRandom(ulong seed)
    {
        var x = seed;
        s0 = SplitMix(ref x);
        s1 = SplitMix(ref x);
        s2 = SplitMix(ref x);
        s3 = SplitMix(ref x);
    }

    /// <summary>Derives an independent stream for sub-task <paramref name="index"/> of <paramref name="seed"/>.</summary>
    public static ulong Derive(ulong seed, ulong index)
    {
        var x = seed ^ (0x9E3779B97F4A7C15UL * (index + 1));
        return SplitMix(ref x);
    }

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextULong()
    {
        var result = ulong.RotateLeft(s1 * 5, 7) * 9;
        var t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = ulong.RotateLeft(s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>Standard normal (Box–Muller, both values used).</summary>
    public double NextGaussian()
    {
        if (hasSpare)
        {
            hasSpare = false;
            return spareGaussian;
        }
        double u;
        do u = NextDouble(); while (u <= double.Epsilon);
        var v = NextDouble();
        var r = Math.Sqrt(-2.0 * Math.Log(u));
        spareGaussian = r * Math.Sin(2 * Math.PI * v);
        hasSpare = true;
        return r * Math.Cos(2 * Math.PI * v);
    }
}
