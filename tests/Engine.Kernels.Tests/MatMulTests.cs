using Engine.Kernels.MatMul;

namespace Engine.Kernels.Tests;

/// <summary>The tiled matmul against a triple loop in double, at sizes that leave partial tiles everywhere.</summary>
[Collection(IlgpuCollection.Name)]
public sealed class MatMulTests(IlgpuFixture gpu)
{
    private const int Batch = 2, M = 17, N = 19, K = 23;

    [Fact]
    public void BatchedRowMajorProduct()
    {
        var a = TestData.Floats(Batch * M * K, seed: 21);
        var b = TestData.Floats(Batch * K * N, seed: 22);
        var got = Run(a, MatrixLayout.RowMajor(M, K), b, MatrixLayout.RowMajor(K, N));
        TestData.Close(Reference(a, (bt, i, k) => (bt * M + i) * K + k, b, (bt, k, j) => (bt * K + k) * N + j), got, 1e-5);
    }

    [Fact]
    public void TransposedAndBroadcastOperands()
    {
        // A is one [K, M] matrix read transposed and shared by both batch entries; B is stored [N, K] per batch, read transposed.
        var a = TestData.Floats(K * M, seed: 23);
        var b = TestData.Floats(Batch * N * K, seed: 24);
        var got = Run(a, MatrixLayout.Transposed(K, M).Broadcast(), b, MatrixLayout.Transposed(N, K));
        TestData.Close(Reference(a, (_, i, k) => k * M + i, b, (bt, k, j) => (bt * N + j) * K + k), got, 1e-5);
    }

    [Fact]
    public void BetaAccumulatesIntoTheOutput()
    {
        var a = TestData.Floats(M * K, seed: 25);
        var b = TestData.Floats(K * N, seed: 26);
        var c0 = TestData.Floats(M * N, seed: 27);
        using var ab = gpu.Upload(a);
        using var bb = gpu.Upload(b);
        using var cb = gpu.Upload(c0);
        gpu.Kernels.MatMul.MatMul(1, M, N, K, ab.View, MatrixLayout.RowMajor(M, K), bb.View, MatrixLayout.RowMajor(K, N),
            cb.View, MatrixLayout.RowMajor(M, N), beta: 1f);
        var expected = Reference(a, (_, i, k) => i * K + k, b, (_, k, j) => k * N + j, batch: 1);
        for (int i = 0; i < expected.Length; i++) expected[i] += c0[i];
        TestData.Close(expected, cb.GetAsArray1D(), 1e-5);
    }

    [Fact]
    public void EmptyInnerDimensionGivesZeros()
    {
        using var ab = gpu.Zeros<float>(1);
        using var cb = gpu.Upload(TestData.Floats(6, seed: 28));
        gpu.Kernels.MatMul.MatMul(1, 2, 3, 0, ab.View, MatrixLayout.RowMajor(2, 0), ab.View, MatrixLayout.RowMajor(0, 3),
            cb.View, MatrixLayout.RowMajor(2, 3));
        Assert.All(cb.GetAsArray1D(), v => Assert.Equal(0f, v));
    }

    private float[] Run(float[] a, MatrixLayout al, float[] b, MatrixLayout bl)
    {
        using var ab = gpu.Upload(a);
        using var bb = gpu.Upload(b);
        using var cb = gpu.Zeros<float>(Batch * M * N);
        gpu.Kernels.MatMul.MatMul(Batch, M, N, K, ab.View, al, bb.View, bl, cb.View, MatrixLayout.RowMajor(M, N));
        return cb.GetAsArray1D();
    }

    private static double[] Reference(float[] a, Func<int, int, int, int> aAt, float[] b, Func<int, int, int, int> bAt, int batch = Batch)
    {
        var c = new double[batch * M * N];
        for (int bt = 0; bt < batch; bt++)
            for (int i = 0; i < M; i++)
                for (int j = 0; j < N; j++)
                {
                    double s = 0;
                    for (int k = 0; k < K; k++) s += (double)a[aAt(bt, i, k)] * b[bAt(bt, k, j)];
                    c[(bt * M + i) * N + j] = s;
                }
        return c;
    }
}
