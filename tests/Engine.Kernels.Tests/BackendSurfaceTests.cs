using Engine.Kernels.Conv;
using Engine.Kernels.MatMul;

namespace Engine.Kernels.Tests;

/// <summary>The kernels added for the backend surface: im2col/col2im, where, double matmul, int↔double casts.</summary>
[Collection(IlgpuCollection.Name)]
public sealed class BackendSurfaceTests(IlgpuFixture gpu)
{
    [Theory]
    [InlineData(5, 1, 2, 1)]
    [InlineData(3, 2, 1, 2)]
    public void Im2ColMatchesTheDefinitionAndCol2ImIsItsAdjoint(int k, int stride, int pad, int dil)
    {
        const int batch = 2, channels = 3, length = 9;
        int lout = Conv1dShape.ConvOutLength(length, k, stride, pad, dil);
        var s = new Conv1dShape(batch, channels, length, 0, lout, k, stride, pad, dil);
        var x = TestData.Doubles(batch * channels * length, seed: 71);
        var g = TestData.Doubles(batch * channels * k * lout, seed: 72);
        using var xb = gpu.Upload(x);
        using var cb = gpu.Zeros<double>(batch * channels * k * lout);
        using var gb = gpu.Upload(g);
        using var xg = gpu.Zeros<double>(batch * channels * length);
        gpu.Kernels.Conv.Im2Col<double>(s, xb.View, cb.View);
        gpu.Kernels.Conv.Col2Im<double>(s, gb.View, xg.View);
        var cols = cb.GetAsArray1D();
        for (int b = 0; b < batch; b++)
            for (int c = 0; c < channels; c++)
                for (int j = 0; j < k; j++)
                    for (int t = 0; t < lout; t++)
                    {
                        int p = t * stride - pad + j * dil;
                        double e = p >= 0 && p < length ? x[(b * channels + c) * length + p] : 0;
                        Assert.Equal(e, cols[((b * channels + c) * k + j) * lout + t]);
                    }
        // ⟨im2col(x), g⟩ = ⟨x, col2im(g)⟩.
        var back = xg.GetAsArray1D();
        double left = cols.Zip(g, (u, v) => u * v).Sum(), right = x.Zip(back, (u, v) => u * v).Sum();
        Assert.Equal(left, right, 1e-10);
    }

    [Fact]
    public void WhereSelectsByTheCondition()
    {
        var c = new[] { 1f, 0f, -2f, 0f };
        var a = new[] { 1f, 2f, 3f, 4f };
        var b = new[] { 10f }; // broadcast
        using var cb = gpu.Upload(c);
        using var ab = gpu.Upload(a);
        using var bb = gpu.Upload(b);
        using var yb = gpu.Zeros<float>(4);
        var flat = StridedLayout.Flat(4);
        gpu.Kernels.Elementwise.Where(cb.View, flat, ab.View, flat, bb.View, StridedLayout.Create([4], [0]), yb.View, flat);
        Assert.Equal([1f, 10f, 3f, 10f], yb.GetAsArray1D());
    }

    [Fact]
    public void DoubleMatMulMatchesLoops()
    {
        const int m = 5, n = 17, k = 19;
        var a = TestData.Doubles(m * k, seed: 73);
        var b = TestData.Doubles(k * n, seed: 74);
        using var ab = gpu.Upload(a);
        using var bb = gpu.Upload(b);
        using var cb = gpu.Zeros<double>(m * n);
        gpu.Kernels.MatMul.MatMul(1, m, n, k, ab.View, MatrixLayout.RowMajor(m, k), bb.View, MatrixLayout.RowMajor(k, n), cb.View, MatrixLayout.RowMajor(m, n));
        var c = cb.GetAsArray1D();
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double e = 0;
                for (int t = 0; t < k; t++) e += a[i * k + t] * b[t * n + j];
                Assert.Equal(e, c[i * n + j], 1e-12);
            }
    }

    [Fact]
    public void IntDoubleCastsRoundLikeCSharp()
    {
        var n = new[] { 7, -3, int.MaxValue };
        var d = new[] { -2.9, 2.9, 1e9 };
        var flat = StridedLayout.Flat(3);
        using var nb = gpu.Upload(n);
        using var db = gpu.Upload(d);
        using var n2d = gpu.Zeros<double>(3);
        using var d2n = gpu.Zeros<int>(3);
        gpu.Kernels.Data.Cast(nb.View, flat, n2d.View, flat);
        gpu.Kernels.Data.Cast(db.View, flat, d2n.View, flat);
        Assert.Equal(Array.ConvertAll(n, v => (double)v), n2d.GetAsArray1D());
        Assert.Equal(Array.ConvertAll(d, v => (int)v), d2n.GetAsArray1D());
    }
}
