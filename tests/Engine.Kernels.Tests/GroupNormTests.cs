using Engine.Kernels.Norm;

namespace Engine.Kernels.Tests;

[Collection(IlgpuCollection.Name)]
public sealed class GroupNormTests(IlgpuFixture gpu)
{
    [Theory]
    [InlineData(2, 8, 5, 4)]  // 10 elements per group: fewer than the 32 threads
    [InlineData(1, 6, 21, 2)] // 63 per group: two per thread
    public void MatchesTheDefinition(int batch, int channels, int length, int groups)
    {
        var s = new GroupNormShape(batch, channels, length, groups);
        const float eps = 1e-5f;
        var x = TestData.Floats(batch * channels * length, seed: 41, lo: -1f, hi: 3f);
        var gamma = TestData.Floats(channels, seed: 42);
        var beta = TestData.Floats(channels, seed: 43);
        using var xb = gpu.Upload(x);
        using var gb = gpu.Upload(gamma);
        using var bb = gpu.Upload(beta);
        using var yb = gpu.Zeros<float>(x.Length);
        using var mb = gpu.Zeros<float>(batch * groups);
        using var rb = gpu.Zeros<float>(batch * groups);
        gpu.Kernels.Norm.GroupNorm(s, eps, xb.View, gb.View, bb.View, yb.View, mb.View, rb.View);

        int per = channels / groups * length;
        var y = new double[x.Length];
        var means = new double[batch * groups];
        var rstds = new double[batch * groups];
        for (int bg = 0; bg < batch * groups; bg++)
        {
            double mean = 0, v = 0;
            for (int i = 0; i < per; i++) mean += x[bg * per + i];
            mean /= per;
            for (int i = 0; i < per; i++) v += (x[bg * per + i] - mean) * (x[bg * per + i] - mean);
            double rstd = 1 / Math.Sqrt(v / per + eps);
            means[bg] = mean;
            rstds[bg] = rstd;
            for (int i = 0; i < per; i++)
            {
                int c = bg % groups * (channels / groups) + i / length;
                y[bg * per + i] = (x[bg * per + i] - mean) * rstd * gamma[c] + beta[c];
            }
        }
        TestData.Close(y, yb.GetAsArray1D(), 1e-5);
        TestData.Close(means, mb.GetAsArray1D(), 1e-5);
        TestData.Close(rstds, rb.GetAsArray1D(), 1e-5);
    }
}
