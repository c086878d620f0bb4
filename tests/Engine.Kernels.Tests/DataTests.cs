namespace Engine.Kernels.Tests;

[Collection(IlgpuCollection.Name)]
public sealed class DataTests(IlgpuFixture gpu)
{
    [Fact]
    public void FillWritesOnlyTheLayout()
    {
        using var yb = gpu.Zeros<float>(12);
        gpu.Kernels.Data.Fill(2.5f, yb.View, StridedLayout.Create([3, 2], [4, 2], 1)); // every other element of rows of 4
        var got = yb.GetAsArray1D();
        int[] hit = [1, 3, 5, 7, 9, 11];
        for (int i = 0; i < 12; i++) Assert.Equal(hit.Contains(i) ? 2.5f : 0f, got[i]);
    }

    [Fact]
    public void CopyMaterialisesATransposeAndABroadcast()
    {
        var x = TestData.Floats(6, seed: 61); // [2, 3]
        using var xb = gpu.Upload(x);
        using var tb = gpu.Zeros<float>(6);
        using var bb = gpu.Zeros<float>(12);
        gpu.Kernels.Data.Copy<float>(xb.View, StridedLayout.Create([3, 2], [1, 3]), tb.View, StridedLayout.Contiguous([3, 2]));
        gpu.Kernels.Data.Copy<float>(xb.View, StridedLayout.Create([4, 3], [0, 1], 3), bb.View, StridedLayout.Contiguous([4, 3]));
        var t = tb.GetAsArray1D();
        var b = bb.GetAsArray1D();
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 2; c++) Assert.Equal(x[c * 3 + r], t[r * 2 + c]);
        for (int r = 0; r < 4; r++)
            for (int c = 0; c < 3; c++) Assert.Equal(x[3 + c], b[r * 3 + c]);
    }

    [Fact]
    public void CastsRoundLikeCSharp()
    {
        var d = new[] { 0.1, -1e-40, 3.000000119, 1e39, -7.5 };
        var f = new[] { -2.7f, 2.7f, 1e9f, -0.5f, 0f };
        var n = new[] { 3, -4, 16777217, 0, int.MinValue };
        var flat = StridedLayout.Flat(5);
        using var db = gpu.Upload(d);
        using var fb = gpu.Upload(f);
        using var nb = gpu.Upload(n);
        using var d2f = gpu.Zeros<float>(5);
        using var f2d = gpu.Zeros<double>(5);
        using var f2i = gpu.Zeros<int>(5);
        using var i2f = gpu.Zeros<float>(5);
        gpu.Kernels.Data.Cast(db.View, flat, d2f.View, flat);
        gpu.Kernels.Data.Cast(fb.View, flat, f2d.View, flat);
        gpu.Kernels.Data.Cast(fb.View, flat, f2i.View, flat);
        gpu.Kernels.Data.Cast(nb.View, flat, i2f.View, flat);
        TestData.Identical(Array.ConvertAll(d, v => (float)v), d2f.GetAsArray1D(), 5);
        TestData.Identical(Array.ConvertAll(f, v => (double)v), f2d.GetAsArray1D(), 5);
        Assert.Equal(Array.ConvertAll(f, v => (int)v), f2i.GetAsArray1D());
        TestData.Identical(Array.ConvertAll(n, v => (float)v), i2f.GetAsArray1D(), 5);
    }

    [Fact]
    public void GenericCopyMovesInts()
    {
        var x = new[] { 1, 2, 3, 4 };
        using var xb = gpu.Upload(x);
        using var yb = gpu.Zeros<int>(4);
        gpu.Kernels.Data.Copy<int>(xb.View, StridedLayout.Create([4], [-1], 3), yb.View, StridedLayout.Flat(4)); // reversed
        Assert.Equal([4, 3, 2, 1], yb.GetAsArray1D());
    }
}
