using Engine.NN;
using Engine.Testing;
using FsCheck;
using FsCheck.Fluent;

namespace Engine.Diffusion.Tests;

public class ScheduleTests
{
    [Fact]
    public void CosineScheduleMatchesTheReferenceValues()
    {
        // docs/reference-facts.md §7: Diffuser's cosine schedule evaluated in float64.
        double[] expected = [0.007993, 0.020075, 0.032254, 0.044681, 0.057520, 0.070957, 0.085210, 0.100547, 0.117304, 0.135922,
            0.156997, 0.181359, 0.210212, 0.245372, 0.289725, 0.348137, 0.429434, 0.551024, 0.748476, 0.999];
        var b = BetaSchedule.Cosine(20);
        for (int i = 0; i < 20; i++) Assert.Equal(expected[i], b[i], 6);
        var s = new DiffusionSchedule(b);
        Assert.Equal(0.992007, s.AlphasCumprod[0], 6);
        Assert.Equal(6.06e-6, s.AlphasCumprod[19], 8);
        var s100 = new DiffusionSchedule(BetaSchedule.Cosine(100));
        Assert.Equal(6.3128e-4, s100.Betas[0], 8);
        Assert.Equal(0.999369, s100.AlphasCumprod[0], 6);
        Assert.Equal(0.0, s.PosteriorVariance[0]);
        Assert.Equal(Math.Log(1e-20), s.PosteriorLogVarianceClipped[0], 10);
    }

    [Fact]
    public void PosteriorIsTheGaussianConditional()
    {
        // q(x_{t−1}|x₀) = N(√ᾱ_{t−1}x₀, 1−ᾱ_{t−1}) times q(x_t|x_{t−1}) = N(√α_t x_{t−1}, β_t), renormalised:
        // precision 1/(1−ᾱ_{t−1}) + α_t/β_t, mean = var·(√ᾱ_{t−1}x₀/(1−ᾱ_{t−1}) + √α_t x_t/β_t).
        var s = new DiffusionSchedule(BetaSchedule.Linear(50));
        for (int t = 1; t < 50; t += 7)
        {
            double acp = s.AlphasCumprodPrev[t], b = s.Betas[t], a = 1 - b;
            double var = 1 / (1 / (1 - acp) + a / b);
            Assert.Equal(var, s.PosteriorVariance[t], 12);
            double x0 = 0.7, xt = -0.3;
            double mean = var * (Math.Sqrt(acp) * x0 / (1 - acp) + Math.Sqrt(a) * xt / b);
            Assert.Equal(mean, s.PosteriorMeanCoef1[t] * x0 + s.PosteriorMeanCoef2[t] * xt, 12);
        }
    }

    [EngineProperty]
    public Property QSampleMarginalHasTheRightMoments(PositiveInt seed)
    {
        var g = new Generator((ulong)seed.Get);
        var diff = new GaussianDiffusion(new ZeroModel(), 1, 1, 0, steps: 30);
        int t = (int)g.NextInt(30);
        double x0 = g.NextDouble() * 4 - 2;
        const int n = 20000;
        var x = Tensor.Full([n, 1, 1], x0, DType.Float64);
        var xt = diff.QSample(x, Enumerable.Repeat(t, n).ToArray(), Tensor.RandN(g, [n, 1, 1], DType.Float64));
        double ac = diff.Schedule.AlphasCumprod[t];
        double mean = xt.Mean().Item(), var = xt.Var().Item();
        // 5 standard errors.
        bool ok = Math.Abs(mean - Math.Sqrt(ac) * x0) < 5 * Math.Sqrt((1 - ac) / n) + 1e-12
               && Math.Abs(var - (1 - ac)) < 5 * (1 - ac) * Math.Sqrt(2.0 / n) + 1e-12;
        return ok.Label($"t={t} x0={x0} mean={mean} var={var} ᾱ={ac}");
    }

    [Fact]
    public void PredictStartFromNoiseInvertsQSample()
    {
        var diff = new GaussianDiffusion(new ZeroModel(), 4, 2, 1, steps: 20, predictEpsilon: true);
        var g = new Generator(3);
        var x0 = Tensor.RandN(g, [5, 4, 3], DType.Float64);
        var eps = Tensor.RandN(g, [5, 4, 3], DType.Float64);
        int[] t = [0, 4, 9, 15, 18];
        TensorAssert.Close(x0, diff.PredictStartFromNoise(diff.QSample(x0, t, eps), t, eps), 1e-9, 1e-9);
    }

    [Fact]
    public void ConditioningOverwritesOnlyObservationsAtTheKeys()
    {
        var g = new Generator(4);
        var x = Tensor.RandN(g, [2, 5, 4], DType.Float64);
        var start = Tensor.FromArray(new double[] { 1, 2, 3, 4 }, 2, 2);
        var goal = Tensor.FromArray(new double[] { 5, 6, 7, 8 }, 2, 2);
        var c = new Conditioning(new Dictionary<int, Tensor> { [0] = start, [4] = goal }, 2, 5, 4, 2, DType.Float64);
        var y = c.Apply(x).ToArrayDouble();
        var xs = x.ToArrayDouble();
        for (int b = 0; b < 2; b++)
            for (int h = 0; h < 5; h++)
                for (int ch = 0; ch < 4; ch++)
                {
                    int i = (b * 5 + h) * 4 + ch;
                    double want = ch >= 2 && h == 0 ? start.ToArrayDouble()[b * 2 + ch - 2]
                                : ch >= 2 && h == 4 ? goal.ToArrayDouble()[b * 2 + ch - 2] : xs[i];
                    Assert.Equal(want, y[i]);
                }
        Assert.Throws<ArgumentException>(() => new Conditioning(new Dictionary<int, Tensor> { [5] = start }, 2, 5, 4, 2, DType.Float64));
    }

    [Fact]
    public void LossWeightsActionWeightAndDiscount()
    {
        var w = GaussianDiffusion.LossWeights(3, 4, 2, 10, 0.5, new Dictionary<int, double> { [1] = 3 });
        double mean = (1 + 0.5 + 0.25) / 3;
        Assert.Equal([10, 10, 1 / mean, 3 / mean], w[..4]);
        Assert.Equal([0.5 / mean, 0.5 / mean, 0.5 / mean, 1.5 / mean], w[4..8]);
    }

    [Fact]
    public void PLossesIsTheWeightedMeanSquaredErrorAgainstX0()
    {
        // A model that outputs zeros: the loss is mean(w·x₀²) with the conditioned entries replaced by their values.
        var diff = new GaussianDiffusion(new ZeroModel(), 2, 1, 1, steps: 10, actionWeight: 10);
        var x0 = Tensor.FromArray(new double[] { 1, 2, 3, 4 }, 1, 2, 2);
        var cond = new Conditioning(new Dictionary<int, Tensor> { [0] = Tensor.FromArray(new double[] { 2 }, 1, 1) }, 1, 2, 2, 1, DType.Float64);
        var loss = diff.PLosses(x0, cond, [3], Tensor.Zeros([1, 2, 2], DType.Float64)).Item();
        // entries: a0 weight 10 (err 1), s0 conditioned (err 0), a1 (err 3), s1 (err 4).
        Assert.Equal((10 * 1 + 0 + 9 + 16) / 4.0, loss, 12);
    }

    /// <summary>A denoiser that predicts zeros.</summary>
    internal sealed class ZeroModel : ITrajectoryModel
    {
        public Tensor Forward(Tensor x, Tensor t) => x * 0.0;
        public IEnumerable<Parameter> Parameters() => [];
    }
}
