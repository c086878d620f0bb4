using Engine.Kernels.Indexing;

namespace Engine.Kernels.Tests;

[Collection(IlgpuCollection.Name)]
public sealed class IndexTests(IlgpuFixture gpu)
{
    private const int Outer = 2, Axis = 5, Inner = 3;
    private static readonly int[] Idx = [4, 0, 4, 2, -1, 7, 4]; // repeats, and two out-of-range entries

    [Fact]
    public void GatherSelectsRowsAndZeroesInvalidIndices()
    {
        var src = TestData.Floats(Outer * Axis * Inner, seed: 51);
        var s = new AxisShape(Outer, Axis, Inner, Idx.Length);
        using var sb = gpu.Upload(src);
        using var ib = gpu.Upload(Idx);
        using var db = gpu.Zeros<float>(Outer * Idx.Length * Inner);
        gpu.Kernels.Indexing.Gather<float>(s, sb.View, ib.View, db.View);
        var got = db.GetAsArray1D();
        for (int o = 0; o < Outer; o++)
            for (int j = 0; j < Idx.Length; j++)
                for (int i = 0; i < Inner; i++)
                {
                    int t = Idx[j];
                    float e = t is >= 0 and < Axis ? src[(o * Axis + t) * Inner + i] : 0f;
                    Assert.Equal(e, got[(o * Idx.Length + j) * Inner + i]);
                }
    }

    [Fact]
    public void ScatterAddEqualsTheSequentialLoopBitForBit()
    {
        var src = TestData.Floats(Outer * Idx.Length * Inner, seed: 52);
        var dst0 = TestData.Floats(Outer * Axis * Inner, seed: 53);
        var s = new AxisShape(Outer, Axis, Inner, Idx.Length);
        using var sb = gpu.Upload(src);
        using var ib = gpu.Upload(Idx);
        using var db = gpu.Upload(dst0);
        gpu.Kernels.Indexing.ScatterAdd(s, sb.View, ib.View, db.View);
        var expected = (float[])dst0.Clone();
        for (int o = 0; o < Outer; o++)
            for (int j = 0; j < Idx.Length; j++)
                for (int i = 0; i < Inner; i++)
                    if (Idx[j] is >= 0 and < Axis) expected[(o * Axis + Idx[j]) * Inner + i] += src[(o * Idx.Length + j) * Inner + i];
        TestData.Identical(expected, db.GetAsArray1D(), expected.Length);
    }
}
