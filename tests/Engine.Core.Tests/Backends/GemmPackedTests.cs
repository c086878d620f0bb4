using Engine.Backends.Cpu;

namespace Engine.Core.Tests.Backends;

/// <summary>A prepacked A operand gives the plain product's bits, whatever its layout and the thread split.</summary>
public class GemmPackedTests
{
    [Theory]
    [InlineData(37, 41, 300, false, false)]   // k over two depth blocks, edge tiles
    [InlineData(256, 96, 1280, true, false)]  // a transposed weight (the convolution's input gradient)
    [InlineData(8, 5, 3, false, true)]        // tiny, accumulating
    [InlineData(130, 600, 520, false, false)] // large enough to be split over threads
    public void Packed_equals_plain(int m, int n, int k, bool transposedA, bool accumulate)
    {
        var rng = new Random(m * 31 + n * 7 + k);
        float[] a = Enumerable.Range(0, m * k).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        float[] b = Enumerable.Range(0, k * n).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        float[] c0 = Enumerable.Range(0, m * n).Select(_ => (float)rng.NextDouble()).ToArray();
        int rowStride = transposedA ? 1 : k, colStride = transposedA ? m : 1;
        var plain = (float[])c0.Clone();
        Gemm.Multiply(m, n, k, a, 0, rowStride, colStride, b, 0, n, 1, plain, 0, n, accumulate);
        var packed = (float[])c0.Clone();
        var pa = Gemm.PackedA<float>.Pack(m, k, a, 0, rowStride, colStride);
        Gemm.MultiplyPacked(pa, n, b, 0, n, 1, packed, 0, n, accumulate);
        Assert.Equal(plain, packed);
        // The pack can be reused for another B (the point of packing once).
        var second = (float[])c0.Clone();
        Gemm.MultiplyPacked(pa, n, b, 0, n, 1, second, 0, n, accumulate);
        Assert.Equal(plain, second);
    }

    [Fact]
    public void Bad_extents_are_refused_with_the_operand_named()
    {
        var a = new double[12];
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.PackedA<double>.Pack(4, 4, a, 0, 4, 1));
        Assert.Contains("a", e.ParamName);
        var pa = Gemm.PackedA<double>.Pack(3, 4, a, 0, 4, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.MultiplyPacked(pa, 5, new double[19], 0, 5, 1, new double[15], 0, 5, false));
    }
}
