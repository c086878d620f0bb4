namespace Engine.Distributed.Tests;

/// <summary>
/// Test data as a pure function of (stream, index), so every rank can compute every other rank's buffer and the
/// serial reference locally. Values span 2⁻²⁰…2²⁰ with both signs, so that a different order of addition changes bits.
/// </summary>
internal static class SplitMix
{
    public static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    public static double Value(ulong stream, long index)
    {
        ulong bits = Mix(Mix(stream) ^ (ulong)index);
        double unit = (bits >> 11) * (1.0 / (1UL << 53));
        int exponent = (int)(bits & 63) % 41 - 20;
        return Math.ScaleB(unit - 0.5, exponent);
    }
}
