using Engine.Testing;

namespace Engine.Diffusion.Tests;

/// <summary>The schedule alone: its exposed buffers and the forward process and posterior without a network.</summary>
public class ScheduleWithoutNetworkTests
{
    [Fact]
    public void AlphasAndLogOneMinusAlphasCumprodAreConsistent()
    {
        var s = DiffusionSchedule.Cosine(20);
        double prod = 1;
        for (int t = 0; t < s.Steps; t++)
        {
            Assert.Equal(1 - s.Betas[t], s.Alphas[t], 15);
            prod *= s.Alphas[t];
            Assert.Equal(prod, s.AlphasCumprod[t], 15);
            Assert.Equal(Math.Log(1 - s.AlphasCumprod[t]), s.LogOneMinusAlphasCumprod[t], 15);
        }
        Assert.Equal(BetaSchedule.Linear(7), DiffusionSchedule.Linear(7).Betas);
    }

    [Fact]
    public void QSampleAndQPosteriorTakeTensorStepsAndAnyRank()
    {
        var s = DiffusionSchedule.Cosine(10);
        var g = new Generator(4);
        var x0 = Tensor.RandN(g, [3, 5], DType.Float64);
        var noise = Tensor.RandN(g, [3, 5], DType.Float64);
        int[] steps = [0, 4, 9];
        var xt = s.QSample(x0, Tensor.FromArray(steps), noise);
        Assert.Equal([3, 5], xt.Shape);
        var a = x0.ToArrayDouble(); var e = noise.ToArrayDouble(); var y = xt.ToArrayDouble();
        for (int b = 0; b < 3; b++)
            for (int j = 0; j < 5; j++)
            {
                double ac = s.AlphasCumprod[steps[b]];
                Assert.Equal(Math.Sqrt(ac) * a[b * 5 + j] + Math.Sqrt(1 - ac) * e[b * 5 + j], y[b * 5 + j], 12);
            }
        TensorAssert.Close(xt, s.QSample(x0, Tensor.FromArray(steps.Select(v => (double)v).ToArray()), noise));
        TensorAssert.Identical(xt, s.QSample(x0, Tensor.FromArray(steps.Select(v => (long)v).ToArray()), noise));

        var (mean, variance, logVariance) = s.QPosterior(x0, xt, Tensor.FromArray(steps));
        Assert.Equal([3, 5], mean.Shape);
        Assert.Equal([3, 1], variance.Shape);
        Assert.Equal([s.PosteriorVariance[0], s.PosteriorVariance[4], s.PosteriorVariance[9]], variance.ToArrayDouble());
        Assert.Equal(s.PosteriorLogVarianceClipped[4], logVariance.ToArrayDouble()[1]);
        var m = mean.ToArrayDouble();
        Assert.Equal(s.PosteriorMeanCoef1[9] * a[10] + s.PosteriorMeanCoef2[9] * y[10], m[10], 12);
    }

    [Fact]
    public void StepsOutsideTheScheduleOrNotIntegersAreErrors()
    {
        var s = DiffusionSchedule.Linear(5);
        var x = Tensor.Zeros([2, 3], DType.Float64);
        Assert.Throws<ArgumentException>(() => s.QSample(x, [0, 5], x));
        Assert.Throws<ArgumentException>(() => s.QSample(x, [0], x));
        Assert.Throws<ArgumentException>(() => s.QSample(x, Tensor.FromArray([0.0, 1.5]), x));
        Assert.Throws<ArgumentException>(() => s.QSample(x, Tensor.FromArray(new[] { 0L, 1L << 40 }), x));
    }
}
