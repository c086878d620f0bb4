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
        const int B = 2, C = 3, L = 9;
        int lout = Conv1dShape.ConvOutLength(L, k, stride, pad, dil);
        var s = new Conv1dShape(B, C, L, 0, lout, k, stride, pad, dil);
        var x = TestData.Doubles(B * C * L, seed: 71);
        var g = TestData.Doubles(B * C * k * lout, seed: 72);
        using var xb = gpu.Upload(x);
        using var cb = gpu.Zeros<double>(B * C * k * lout);
        using var gb = gpu.Upload(g);
        using var xg = gpu.Zeros<double>(B * C * L);
        gpu.Kernels.Conv.Im2Col<double>(s, xb.View, cb.View);
        gpu.Kernels.Conv.Col2Im<double>(s, gb.View, xg.View);
        var cols = cb.GetAsArray1D();
        for (int b = 0; b < B; b++)
            for (int c = 0; c < C; c++)
                for (int j = 0; j < k; j++)
                    for (int t = 0; t < lout; t++)
                    {
                        int p = t * stride - pad + j * dil;
                        double e = p >= 0 && p < L ? x[(b * C + c) * L + p] : 0;
                        Assert.Equal(e, cols[((b * C + c) * k + j) * lout + t]);
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
        const int M = 5, N = 17, K = 19;
        var a = TestData.Doubles(M * K, seed: 73);
        var b = TestData.Doubles(K * N, seed: 74);
        using var ab = gpu.Upload(a);
        using var bb = gpu.Upload(b);
        using var cb = gpu.Zeros<double>(M * N);
        gpu.Kernels.MatMul.MatMul(1, M, N, K, ab.View, MatrixLayout.RowMajor(M, K), bb.View, MatrixLayout.RowMajor(K, N), cb.View, MatrixLayout.RowMajor(M, N));
        var c = cb.GetAsArray1D();
        for (int i = 0; i < M; i++)
            for (int j = 0; j < N; j++)
            {
                double e = 0;
                for (int t = 0; t < K; t++) e += a[i * K + t] * b[t * N + j];
                Assert.Equal(e, c[i * N + j], 1e-12);
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
