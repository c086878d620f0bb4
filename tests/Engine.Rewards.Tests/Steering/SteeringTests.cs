using Engine.Diffusion;
using Engine.NN;
using Engine.Rewards.Discriminator;
using Engine.Rewards.Steering;
using Engine.Rewards.Tests.Discriminator;
using Engine.Testing;

namespace Engine.Rewards.Tests.Steering;

/// <summary>ρ(x, t) = Σ_c w_c · mean_h x[:, h, c]: [batch, horizon, transition] → [batch, 1]; ∂ρ/∂x[b, h, c] = w_c / H.</summary>
internal sealed class LinearMeanReward : Module, ITrajectoryModel
{
    private readonly Parameter _w;

    public LinearMeanReward(double[] w, DType dtype)
    {
        var v = Tensor.FromArray(w, 1, w.Length).Cast(dtype);
        _w = RegisterParameter("w", v)!; // fixed: guidance differentiates with respect to x only
    }

    public Tensor Forward(Tensor x, Tensor t) => (x.Mean(1) * _w.Value).Sum(1, keepDim: true);
}

/// <summary>A reward that records what it is evaluated on (x and t), then returns Σx.</summary>
internal sealed class RecordingReward : ITrajectoryModel
{
    public List<(double[] X, int[] T, DType TType)> Calls { get; } = [];

    public Tensor Forward(Tensor x, Tensor t)
    {
        Calls.Add((x.Detach().ToArrayDouble(), t.ToArrayInt(), t.DType));
        return x.Sum([1, 2], keepDim: false).Reshape(x.Shape[0], 1);
    }

    public IEnumerable<Parameter> Parameters() => [];
}

/// <summary>A small random MLP denoiser over [batch, H, C] (untrained).</summary>
internal sealed class MlpDenoiser : Module, ITrajectoryModel
{
    private readonly SinusoidalPosEmb _emb = new(8);
    private readonly Sequential _net;
    private readonly int _h, _c;

    public MlpDenoiser(int h, int c, Generator g)
    {
        _h = h; _c = c;
        _net = RegisterModule("net", new Sequential(new Linear(h * c + 8, 32, g), new Mish(), new Linear(32, h * c, g)));
    }

    public Tensor Forward(Tensor x, Tensor t) =>
        _net.Forward(Tensor.Concat([x.Reshape(x.Shape[0], _h * _c), _emb.Forward(t, x.DType)], 1)).Reshape(x.Shape[0], _h, _c);
}

public class SteeringTests
{
    private const int H = 4, Obs = 2, Act = 1, C = 3, T = 20;

    private static Conditioning FirstObservation(int batch, DType dtype)
    {
        var v = Enumerable.Range(0, batch * Obs).Select(i => 0.1 * (i % 5) - 0.2).ToArray();
        var t = Tensor.FromArray(v, batch, Obs).Cast(dtype);
        return new Conditioning(new Dictionary<int, Tensor> { [0] = t }, batch, H, C, Act, dtype);
    }

    [Fact]
    public void ZeroScaleEqualsUnguidedSamplingBitForBit()
    {
        var diff = new GaussianDiffusion(new MlpDenoiser(H, C, new Generator(1)), H, Obs, Act, steps: T);
        var reward = new LinearMeanReward([1, -2, 0.5], DType.Float32);
        var cond = FirstObservation(8, DType.Float32);
        var plain = diff.PSampleLoop(8, cond, new Generator(3));
        foreach (var opts in new[] { new GuideOptions(0.0, NGuideSteps: 1, ScaleGradByStd: false), new GuideOptions(0.0, TStopgrad: 2, NGuideSteps: 3) })
        {
            var s = new GuidedSampler(diff, reward, opts);
            Assert.False(s.IsActive);
            TensorAssert.Identical(plain, s.Sample(8, cond, new Generator(3)));
        }
        // The guidance path itself at ω = 0 (not skipped) gives the same numbers too.
        TensorAssert.Identical(plain, diff.PSampleLoop(8, cond, new Generator(3), reward: GuidedSampler.AsReward(reward), guide: new GuideOptions(0.0)));
        // And a nonzero scale does change them.
        Assert.NotEqual(plain.ToArrayDouble(), new GuidedSampler(diff, reward, new GuideOptions(0.5)).Sample(8, cond, new Generator(3)).ToArrayDouble());
    }

    /// <summary>
    /// Known answer. With x̂₀ = x_t the denoising mean is k_t·x (k_t = c1_t + c2_t) and a linear reward has the
    /// constant gradient w_c/H, so guidance shifts every element of channel c by exactly
    /// Δ_c = ω·(w_c/H)·Σ_{t ≥ t_stopgrad} s_t·Π_{j ≤ t} k_j (s_t = σ̃²_t when scale_grad_by_std, else 1) relative to
    /// the unguided sample with the same noise — a shift along w, linear (so monotone) in ω.
    /// </summary>
    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 0)]
    [InlineData(false, 5)]
    public void LinearRewardShiftsSamplesAlongWByTheAnalyticAmount(bool scaleByStd, int tStop)
    {
        double[] w = [1, -2, 0.5];
        var diff = new GaussianDiffusion(new IdentityDenoiser(), H, Obs, Act, steps: T);
        var reward = new LinearMeanReward(w, DType.Float64);
        var none = Conditioning.None(64, H, C, DType.Float64);
        var sch = diff.Schedule;
        double factor = 0;
        for (int t = tStop; t < T; t++)
        {
            double prod = 1;
            for (int j = 0; j <= t; j++) prod *= sch.PosteriorMeanCoef1[j] + sch.PosteriorMeanCoef2[j];
            factor += (scaleByStd ? Math.Exp(sch.PosteriorLogVarianceClipped[t]) : 1.0) * prod;
        }
        var plain = diff.PSampleLoop(64, none, new Generator(11), dtype: DType.Float64).ToArrayDouble();
        var channelMeans = new List<double[]>();
        foreach (double omega in new[] { 0.0, 0.5, 2.0 })
        {
            var s = new GuidedSampler(diff, reward, new GuideOptions(omega, TStopgrad: tStop, NGuideSteps: 1, ScaleGradByStd: scaleByStd));
            var x = s.Sample(64, none, new Generator(11), dtype: DType.Float64).ToArrayDouble();
            for (int i = 0; i < x.Length; i++)
            {
                double expected = omega * w[i % C] / H * factor;
                Assert.True(Math.Abs(x[i] - plain[i] - expected) < 1e-9 * (1 + Math.Abs(expected)), $"ω={omega} element {i}: shift {x[i] - plain[i]:G10}, expected {expected:G10}");
            }
            channelMeans.Add(Enumerable.Range(0, C).Select(c => Enumerable.Range(0, x.Length / C).Average(k => x[k * C + c])).ToArray());
        }
        // The mean moves in the direction of w, further for larger ω.
        for (int c = 0; c < C; c++)
        {
            double d1 = Math.Sign(w[c]) * (channelMeans[1][c] - channelMeans[0][c]);
            double d2 = Math.Sign(w[c]) * (channelMeans[2][c] - channelMeans[1][c]);
            Assert.True(d1 > 0 && d2 > 0, $"channel {c}: means {channelMeans[0][c]:F4}, {channelMeans[1][c]:F4}, {channelMeans[2][c]:F4}");
        }
        Assert.True(factor > 0.1, $"guidance factor {factor}");
    }

    [Fact]
    public void TStopgradAtOrBeyondTDisablesGuidance()
    {
        var diff = new GaussianDiffusion(new MlpDenoiser(H, C, new Generator(1)), H, Obs, Act, steps: T);
        var reward = new LinearMeanReward([1, -2, 0.5], DType.Float32);
        var cond = FirstObservation(6, DType.Float32);
        var plain = diff.PSampleLoop(6, cond, new Generator(4));
        foreach (int stop in new[] { T, T + 7 })
        {
            var opts = new GuideOptions(2.0, TStopgrad: stop, NGuideSteps: 2, ScaleGradByStd: false);
            Assert.False(new GuidedSampler(diff, reward, opts).IsActive);
            TensorAssert.Identical(plain, new GuidedSampler(diff, reward, opts).Sample(6, cond, new Generator(4)));
            // Through the guidance path (gradients taken, then zeroed): the same numbers.
            TensorAssert.Identical(plain, diff.PSampleLoop(6, cond, new Generator(4), reward: GuidedSampler.AsReward(reward), guide: opts));
        }
        Assert.NotEqual(plain.ToArrayDouble(), new GuidedSampler(diff, reward, new GuideOptions(2.0, TStopgrad: T - 1, ScaleGradByStd: false)).Sample(6, cond, new Generator(4)).ToArrayDouble());
    }

    [Fact]
    public void RewardSeesTheRawNoisySampleAndTheIntegerStep()
    {
        var diff = new GaussianDiffusion(new MlpDenoiser(H, C, new Generator(1)), H, Obs, Act, steps: 6);
        var rec = new RecordingReward();
        var cond = FirstObservation(2, DType.Float32);
        var states = new Dictionary<int, double[]>();
        var s = new GuidedSampler(diff, rec, new GuideOptions(0.3, NGuideSteps: 1, ScaleGradByStd: false));
        s.Sample(2, cond, new Generator(9), (i, x) => states[i] = x.ToArrayDouble());
        Assert.Equal(6, rec.Calls.Count);
        // x_T as the loop draws it: the first draw of the same generator, conditioned.
        var xT = cond.Apply(Tensor.RandN(new Generator(9), [2, H, C])).ToArrayDouble();
        for (int k = 0; k < 6; k++)
        {
            int step = 5 - k;
            var (x, t, type) = rec.Calls[k];
            Assert.Equal(DType.Int32, type);
            Assert.Equal([step, step], t);
            Assert.Equal(step == 5 ? xT : states[step + 1], x);
        }
    }

    [Fact]
    public void DiscriminatorGuidanceRaisesTheExpertProbability()
    {
        var trainer = new DiscriminatorTrainer(TrendData.Diffusion(), TrendData.Net(1), TrendData.Net(2),
            TrendData.Make(10, 40, +1), TrendData.Make(11, 40, -1), new Generator(5),
            new DiscriminatorOptions(BatchSize: 64, LearningRate: 3e-3, StepStartEma: 1000));
        trainer.Train(200);
        var diff = TrendData.Diffusion();
        var none = Conditioning.None(128, H, C, DType.Float32);
        double MeanLogit(Tensor x) => trainer.Logits(x, new int[x.Shape[0]]).Mean().Item();
        var plain = new GuidedSampler(diff, trainer.AsGuide(), new GuideOptions(0.0)).Sample(128, none, new Generator(3));
        var steered = new GuidedSampler(diff, trainer.AsGuide(), new GuideOptions(0.5, ScaleGradByStd: false)).Sample(128, none, new Generator(3));
        Assert.True(MeanLogit(steered) > MeanLogit(plain) + 0.5, $"mean logit {MeanLogit(plain):F3} → {MeanLogit(steered):F3}");
    }

    [Fact]
    public void BadArgumentsAreRejectedWithTheirNames()
    {
        var diff = new GaussianDiffusion(new IdentityDenoiser(), H, Obs, Act, steps: 5);
        var reward = new LinearMeanReward([1, 1, 1], DType.Float32);
        var e = Assert.Throws<ArgumentException>(() => new GuidedSampler(diff, reward, new GuideOptions(1.0, NGuideSteps: -1)));
        Assert.Contains("NGuideSteps", e.Message);
        e = Assert.Throws<ArgumentException>(() => new GuidedSampler(diff, reward, new GuideOptions(double.NaN)));
        Assert.Contains("ω", e.Message);
        var s = new GuidedSampler(diff, reward, new GuideOptions(1.0));
        e = Assert.Throws<ArgumentException>(() => s.Sample(0, Conditioning.None(1, H, C, DType.Float32), new Generator(1)));
        Assert.Contains("batch", e.Message);
        // A reward with two values per sample.
        var wide = new GuidedSampler(diff, new MlpDenoiser(H, C, new Generator(2)), new GuideOptions(1.0));
        e = Assert.Throws<ArgumentException>(() => wide.Sample(3, Conditioning.None(3, H, C, DType.Float32), new Generator(1)));
        Assert.Contains("[3, 1]", e.Message);
        Assert.Contains("[3, 4, 3]", e.Message);
    }

    [Fact]
    public void PresetsHoldThePapersAndTheCodesSettings()
    {
        Assert.Equal(new GuideOptions(0.5, 5, 1, false), SteeringPresets.Locomotion("halfcheetah", SteeringSource.RewardCode));
        Assert.Equal(new GuideOptions(0.2, 10, 1, false), SteeringPresets.Locomotion("hopper-medium-replay-v2", SteeringSource.RewardCode));
        Assert.Equal(new GuideOptions(0.3, 2, 1, false), SteeringPresets.Locomotion("Walker2d", SteeringSource.RewardPaper));
        Assert.Equal(new GuideOptions(0.4, 10, 1, false), SteeringPresets.Locomotion("hopper", SteeringSource.DiscriminatorPaper));
        Assert.Equal(new GuideOptions(0.5, 8, 1, false), SteeringPresets.Locomotion("halfcheetah", SteeringSource.DiscriminatorPaper));
        Assert.Equal(new GuideOptions(0.1, 2, 2, true), SteeringPresets.DiffuserValueGuidance);
        var e = Assert.Throws<ArgumentException>(() => SteeringPresets.Locomotion("ant", SteeringSource.RewardCode));
        Assert.Contains("'ant'", e.Message);
    }
}
