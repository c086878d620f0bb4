using Engine.Backends;
using Engine.Kernels.Scalar;

namespace Engine;

/// <summary>
/// A seeded, splittable source of random tensors built on Philox4x32-10. Each draw consumes a range
/// of counters, so the numbers depend only on the seed and the sequence of draws — the same on every
/// backend and for any thread count. <see cref="Split"/> derives an independent generator (a new key)
/// without disturbing this one's stream order beyond one counter.
/// </summary>
public sealed class Generator
{
    private readonly ulong _key;
    private ulong _offset;

    /// <summary>A generator whose stream is fixed by <paramref name="seed"/> (same seed, same numbers on every backend).</summary>
    public Generator(ulong seed) => _key = Mix(seed);

    private Generator(ulong key, bool _) => _key = key;

    /// <summary>An independent child generator.</summary>
    public Generator Split()
    {
        var (a, b, _, _) = Philox.Block((uint)_offset, (uint)(_offset >> 32), 0xA5A5A5A5u, 0x5EEDu, (uint)_key, (uint)(_key >> 32));
        _offset++;
        return new Generator(((ulong)a << 32) | b, true);
    }

    /// <summary>Reserves <paramref name="n"/> counters and returns where they start.</summary>
    internal ulong Take(long n)
    {
        var start = _offset;
        _offset += (ulong)n;
        return start;
    }

    internal ulong Key => _key;

    /// <summary>
    /// Where this generator stands (its key and next counter). A checkpoint stores it so that a resumed run
    /// draws exactly the numbers the uninterrupted run would have drawn.
    /// </summary>
    public (ulong Key, ulong Offset) State => (_key, _offset);

    /// <summary>The generator at a saved <see cref="State"/>.</summary>
    public static Generator FromState(ulong key, ulong offset) => new(key, true) { _offset = offset };

    /// <summary>One uniform double in [0, 1) (host side, same stream).</summary>
    public double NextDouble() => RandomElement.Uniform(_key, 0, Take(1));

    /// <summary>One standard normal double (host side, same stream).</summary>
    public double NextNormal() => RandomElement.Normal(_key, 0, Take(1));

    /// <summary>A uniform integer in [0, n).</summary>
    public long NextInt(long n)
    {
        if (n <= 0) throw new ArgumentException($"NextInt: bound {n} must be positive");
        return RandomElement.Below(_key, 0, Take(1), n);
    }

    // SplitMix64 finaliser: nearby seeds give unrelated keys.
    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

public sealed partial class Tensor
{
    /// <summary>Uniform samples in [0, 1).</summary>
    public static Tensor Rand(Generator g, int[] shape, DType dtype = DType.Float32, IBackend? backend = null) => Draw(RandomKind.Uniform, g, shape, dtype, backend);

    /// <summary>Standard normal samples.</summary>
    public static Tensor RandN(Generator g, int[] shape, DType dtype = DType.Float32, IBackend? backend = null) => Draw(RandomKind.Normal, g, shape, dtype, backend);

    /// <summary>Uniform samples in [low, high).</summary>
    public static Tensor Uniform(Generator g, int[] shape, double low, double high, DType dtype = DType.Float32, IBackend? backend = null) =>
        Rand(g, shape, dtype, backend) * (high - low) + low;

    private static Tensor Draw(RandomKind kind, Generator g, int[] shape, DType dtype, IBackend? backend)
    {
        if (!dtype.IsFloat()) throw new ArgumentException($"rand: dtype must be float32 or float64, got {dtype.Name()}");
        var t = Uninitialized(shape, dtype, backend ?? DefaultBackend);
        t.Backend.Random(kind, g.Key, 0, g.Take(t.Numel), t.View);
        return t;
    }

    /// <summary>Uniform integers in [low, high) as int32.</summary>
    public static Tensor RandInt(Generator g, int low, int high, int[] shape, IBackend? backend = null)
    {
        if (high <= low) throw new ArgumentException($"randint: empty range [{low}, {high})");
        long n = ShapeUtil.Numel(shape);
        ulong start = g.Take(n);
        var data = new int[n];
        for (long i = 0; i < n; i++) data[i] = low + (int)RandomElement.Below(g.Key, 1, start + (ulong)i, high - low);
        return FromHost(data, shape, backend);
    }

    /// <summary>A uniformly random permutation of 0 … n − 1 (int32), by sorting random 64-bit keys.</summary>
    public static Tensor Permutation(Generator g, int n, IBackend? backend = null)
    {
        ulong start = g.Take(n);
        var keys = new long[n];
        for (int i = 0; i < n; i++) keys[i] = RandomElement.Below(g.Key, 2, start + (ulong)i, long.MaxValue);
        var perm = Enumerable.Range(0, n).ToArray();
        Array.Sort(keys, perm);
        return FromHost(perm, [n], backend);
    }
}
