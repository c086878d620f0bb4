namespace Engine.Fuzz.Tests;

/// <summary>
/// SplitMix64: a tiny generator whose stream depends only on its seed, on every platform and runtime, so a
/// failing case is replayed from (target, seed, case) alone. Seeds of targets come from <see cref="StableHash"/>.
/// </summary>
internal sealed class FuzzRandom(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, n), n ≥ 1.</summary>
    public int Below(int n) => (int)(Next() % (ulong)n);

    public T Pick<T>(IReadOnlyList<T> items) => items[Below(items.Count)];

    /// <summary>The generator of one case: a fixed function of the target's seed and the case number.</summary>
    public static FuzzRandom ForCase(ulong targetSeed, int caseNumber) => new(targetSeed ^ ((ulong)caseNumber * 0xD1B54A32D192ED03UL));
}

/// <summary>FNV-1a (64-bit) of a string's UTF-16 code units: stable across processes, unlike string.GetHashCode.</summary>
internal static class StableHash
{
    public static ulong Of(string text)
    {
        ulong h = 0xCBF29CE484222325UL;
        foreach (char c in text)
        {
            h ^= c;
            h *= 0x100000001B3UL;
        }
        return h;
    }
}
