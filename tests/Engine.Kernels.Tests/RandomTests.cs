using Engine.Kernels.Scalar;

namespace Engine.Kernels.Tests;

/// <summary>The random kernels draw exactly what <see cref="RandomElement"/> gives on the host.</summary>
[Collection(IlgpuCollection.Name)]
public sealed class RandomTests(IlgpuFixture gpu)
{
    private const ulong Key = 0x1234_5678_9ABC_DEF0UL;
    private const uint Stream = 7;
    private const ulong Offset = (1UL << 32) - 20; // crosses the low-word carry of the counter

    [Fact]
    public void UniformAndNormalMatchTheHostFunctionBitForBit()
    {
        const int n = 77;
        using var uf = gpu.Zeros<float>(n);
        using var nf = gpu.Zeros<float>(n);
        using var ud = gpu.Zeros<double>(n);
        using var nd = gpu.Zeros<double>(n);
        gpu.Kernels.Random.Uniform(Key, Stream, Offset, uf.View, n);
        gpu.Kernels.Random.Normal(Key, Stream, Offset, nf.View, n);
        gpu.Kernels.Random.Uniform(Key, Stream, Offset, ud.View, n);
        gpu.Kernels.Random.Normal(Key, Stream, Offset, nd.View, n);
        var (euf, enf, eud, end) = (new float[n], new float[n], new double[n], new double[n]);
        for (int i = 0; i < n; i++)
        {
            eud[i] = RandomElement.Uniform(Key, Stream, Offset + (ulong)i);
            end[i] = RandomElement.Normal(Key, Stream, Offset + (ulong)i);
            euf[i] = (float)eud[i];
            enf[i] = (float)end[i];
        }
        TestData.Identical(euf, uf.GetAsArray1D(), n);
        TestData.Identical(enf, nf.GetAsArray1D(), n);
        TestData.Identical(eud, ud.GetAsArray1D(), n);
        TestData.Identical(end, nd.GetAsArray1D(), n);
    }

    [Fact]
    public void BelowMatchesTheHostFunctionAndStaysInRange()
    {
        const int n = 50, bound = 64;
        using var yi = gpu.Zeros<int>(n);
        using var yf = gpu.Zeros<float>(n);
        gpu.Kernels.Random.Below(Key, Stream, Offset, bound, yi.View, n);
        gpu.Kernels.Random.Below(Key, Stream, Offset, bound, yf.View, n);
        var gi = yi.GetAsArray1D();
        var gf = yf.GetAsArray1D();
        for (int i = 0; i < n; i++)
        {
            long e = RandomElement.Below(Key, Stream, Offset + (ulong)i, bound);
            Assert.Equal(e, gi[i]);
            Assert.Equal(e, (long)gf[i]);
            Assert.InRange(gi[i], 0, bound - 1);
        }
    }

    [Fact]
    public void SplittingADrawAtAnOffsetGivesTheSameNumbers()
    {
        using var whole = gpu.Zeros<float>(40);
        using var part = gpu.Zeros<float>(40);
        gpu.Kernels.Random.Normal(Key, Stream, 100, whole.View, 40);
        gpu.Kernels.Random.Normal(Key, Stream, 100, part.View.SubView(0, 15), 15);
        gpu.Kernels.Random.Normal(Key, Stream, 115, part.View.SubView(15, 25), 25);
        TestData.Identical(whole.GetAsArray1D(), part.GetAsArray1D(), 40);
    }
}
