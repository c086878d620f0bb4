namespace Engine.Kernels.Tests;

/// <summary>Deterministic test inputs and comparison helpers.</summary>
internal static class TestData
{
    public static float[] Floats(int n, int seed, float lo = -2f, float hi = 2f)
    {
        var rng = new System.Random(seed);
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = lo + (hi - lo) * (float)rng.NextDouble();
        return a;
    }

    public static double[] Doubles(int n, int seed, double lo = -2, double hi = 2)
    {
        var rng = new System.Random(seed);
        var a = new double[n];
        for (int i = 0; i < n; i++) a[i] = lo + (hi - lo) * rng.NextDouble();
        return a;
    }

    /// <summary>Bitwise equality, with NaN equal to NaN.</summary>
    public static void Identical(float[] expected, float[] actual, int count)
    {
        for (int i = 0; i < count; i++)
            if (!(expected[i].Equals(actual[i])))
                Assert.Fail($"element {i}: expected {expected[i]:R}, got {actual[i]:R}");
    }

    public static void Identical(double[] expected, double[] actual, int count)
    {
        for (int i = 0; i < count; i++)
            if (!(expected[i].Equals(actual[i])))
                Assert.Fail($"element {i}: expected {expected[i]:R}, got {actual[i]:R}");
    }

    /// <summary>|a − e| ≤ tol · (1 + |e|) elementwise.</summary>
    public static void Close(double[] expected, float[] actual, double tol)
    {
        Assert.True(actual.Length >= expected.Length, $"got {actual.Length} elements, expected {expected.Length}");
        for (int i = 0; i < expected.Length; i++)
            if (!(Math.Abs(actual[i] - expected[i]) <= tol * (1 + Math.Abs(expected[i]))))
                Assert.Fail($"element {i}: expected {expected[i]:R}, got {actual[i]:R} (tol {tol})");
    }
}
