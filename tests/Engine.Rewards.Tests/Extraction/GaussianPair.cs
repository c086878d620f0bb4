using Engine.Diffusion;
using Engine.NN;
using Engine.Rewards.Extraction;

namespace Engine.Rewards.Tests.Extraction;

/// <summary>
/// The exact denoiser of Gaussian data x₀ ~ N(m, s²I): x̂₀(x_t, t) = E[x₀ | x_t] = m + k_t (x_t − √ᾱ_t m),
/// k_t = √ᾱ_t s² / (ᾱ_t s² + 1 − ᾱ_t). A diffusion model whose answers are known in closed form.
/// </summary>
internal sealed class GaussianPosteriorModel : Module, ITrajectoryModel
{
    private readonly DiffusionSchedule _schedule;
    private readonly double _s2;
    private readonly double[] _mean;

    public GaussianPosteriorModel(DiffusionSchedule schedule, double[] mean, double std)
    {
        _schedule = schedule; _mean = mean; _s2 = std * std;
    }

    public double Gain(int t)
    {
        double a = _schedule.AlphasCumprod[t];
        return Math.Sqrt(a) * _s2 / (a * _s2 + 1 - a);
    }

    /// <summary>x: [batch, …, C] with C = mean.Length (trajectories [batch, H, C], or samples of any rank, channels last); t: [batch].</summary>
    public Tensor Forward(Tensor x, Tensor t)
    {
        var steps = t.Cast(DType.Float64).ToArrayDouble().Select(v => (int)v).ToArray();
        var k = Column(steps.Select(Gain).ToArray(), x);
        var sa = Column(steps.Select(s => Math.Sqrt(_schedule.AlphasCumprod[s])).ToArray(), x);
        Array host = x.DType == DType.Float64 ? _mean : _mean.Select(v => (float)v).ToArray();
        var shape = Enumerable.Repeat(1, x.Rank).ToArray();
        shape[^1] = _mean.Length;
        var m = Tensor.FromHost(host, shape, x.Backend);
        return m + k * (x - sa * m);
    }

    private static Tensor Column(double[] v, Tensor like)
    {
        Array host = like.DType == DType.Float64 ? v : v.Select(d => (float)d).ToArray();
        var shape = Enumerable.Repeat(1, like.Rank).ToArray();
        shape[0] = v.Length;
        return Tensor.FromHost(host, shape, like.Backend);
    }
}

/// <summary>Base data N(m_B, s²), expert data N(m_E, s²): μ_E − μ_B = c1_t (1 − k_t √ᾱ_t)(m_E − m_B), constant in x.</summary>
internal sealed class GaussianPair
{
    public const int Horizon = 4, Channels = 2, Steps = 10;
    public readonly double[] BaseMean = [0.0, 0.0], ExpertMean = [0.5, -0.25];
    public const double Std = 0.4;

    /// <param name="identical">Both models the base one.</param>
    /// <param name="sampleShape">Samples of another shape (channels last, e.g. an image [2, 3, Channels]) through <see cref="GaussianDiffusion.OverSamples"/>; null: trajectories [Horizon, Channels].</param>
    public GaussianPair(bool identical = false, int[]? sampleShape = null)
    {
        if (identical) ExpertMean = BaseMean;
        var schedule = new DiffusionSchedule(BetaSchedule.Cosine(Steps));
        BaseNet = new GaussianPosteriorModel(schedule, BaseMean, Std);
        ExpertNet = new GaussianPosteriorModel(schedule, ExpertMean, Std);
        Base = sampleShape is null ? new GaussianDiffusion(BaseNet, Horizon, Channels, 0, Steps) : GaussianDiffusion.OverSamples(BaseNet, sampleShape, Steps);
        Expert = sampleShape is null ? new GaussianDiffusion(ExpertNet, Horizon, Channels, 0, Steps) : GaussianDiffusion.OverSamples(ExpertNet, sampleShape, Steps);
    }

    public GaussianPosteriorModel BaseNet { get; }
    public GaussianPosteriorModel ExpertNet { get; }
    public GaussianDiffusion Base { get; }
    public GaussianDiffusion Expert { get; }

    /// <summary>The exact ∇ρ at step t for every position: a_t·(m_E − m_B) per channel.</summary>
    public double[] TrueSlope(int t)
    {
        var s = Base.Schedule;
        double a = s.PosteriorMeanCoef1[t] * (1 - BaseNet.Gain(t) * Math.Sqrt(s.AlphasCumprod[t]));
        return ExpertMean.Zip(BaseMean, (e, b) => a * (e - b)).ToArray();
    }

    /// <summary>Algorithm 1 on x₀ drawn from the base data (the reward is asked where the base model puts mass).</summary>
    public IAlignmentSource DataSource(DType dtype = DType.Float32) => new Source(this, dtype);

    private sealed class Source(GaussianPair pair, DType dtype) : IAlignmentSource
    {
        public int Horizon => GaussianPair.Horizon;
        public int TransitionDim => Channels;

        public AlignmentBatch Next(Generator g, int batchSize)
        {
            var m = Tensor.FromArray(pair.BaseMean, 1, 1, Channels).Cast(dtype);
            var x0 = Tensor.RandN(g, [batchSize, Horizon, Channels], dtype) * Std + m;
            var t = Enumerable.Range(0, batchSize).Select(_ => (int)g.NextInt(Steps)).ToArray();
            return DataAlignmentSource.Make(pair.Base, pair.Expert, x0, t, g);
        }
    }
}
