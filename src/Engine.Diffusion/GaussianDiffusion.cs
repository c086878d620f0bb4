using Engine.Autodiff;
using Engine.NN;

namespace Engine.Diffusion;

/// <summary>
/// Diffuser's GaussianDiffusion over trajectories x: [batch, horizon, transition] (transition = [actions,
/// observations]), or over samples of any other shape, e.g. images [batch, channels, height, width]
/// (<see cref="OverSamples"/>). Equations and the mapping to Diffuser's names are in docs/diffusion.md. Per-sample
/// steps are given as host arrays <c>int[] t</c> (length batch); the network receives them as an int32 tensor.
/// </summary>
public sealed class GaussianDiffusion
{
    private readonly Tensor _lossWeights64;
    private readonly bool _cosine;
    private readonly double _lossDiscount;
    private readonly IReadOnlyDictionary<int, double>? _observationLossWeights;

    /// <summary>A diffusion over trajectories [batch, horizon, actionDim + observationDim] with <paramref name="steps"/> steps (cosine or linear β) around <paramref name="model"/>.</summary>
    public GaussianDiffusion(ITrajectoryModel model, int horizon, int observationDim, int actionDim, int steps = 20,
        bool cosineSchedule = true, bool predictEpsilon = false, bool clipDenoised = false,
        double actionWeight = 1.0, double lossDiscount = 1.0, IReadOnlyDictionary<int, double>? observationLossWeights = null)
    {
        if (horizon <= 0 || observationDim < 0 || actionDim < 0 || observationDim + actionDim == 0)
            throw new ArgumentException($"GaussianDiffusion: invalid horizon={horizon}, observationDim={observationDim}, actionDim={actionDim}");
        Model = model;
        Horizon = horizon; ObservationDim = observationDim; ActionDim = actionDim;
        SampleShape = [horizon, observationDim + actionDim];
        Schedule = cosineSchedule ? DiffusionSchedule.Cosine(steps) : DiffusionSchedule.Linear(steps);
        PredictEpsilon = predictEpsilon; ClipDenoised = clipDenoised;
        ActionWeight = actionWeight;
        _cosine = cosineSchedule; _lossDiscount = lossDiscount; _observationLossWeights = observationLossWeights;
        _lossWeights64 = Tensor.FromArray(LossWeights(horizon, TransitionDim, actionDim, actionWeight, lossDiscount, observationLossWeights), horizon, TransitionDim).DetachFromScope();
    }

    // A diffusion over samples that are not trajectories: no actions, no horizon, every entry weighs 1 in the loss.
    private GaussianDiffusion(ITrajectoryModel model, int[] sampleShape, int steps, bool cosineSchedule, bool predictEpsilon, bool clipDenoised)
    {
        if (sampleShape.Length == 0 || sampleShape.Any(n => n <= 0))
            throw new ArgumentException($"GaussianDiffusion: invalid sample shape [{string.Join(", ", sampleShape)}]");
        Model = model;
        SampleShape = [.. sampleShape];
        Schedule = cosineSchedule ? DiffusionSchedule.Cosine(steps) : DiffusionSchedule.Linear(steps);
        PredictEpsilon = predictEpsilon; ClipDenoised = clipDenoised;
        ActionWeight = 1;
        _cosine = cosineSchedule; _lossDiscount = 1;
        _lossWeights64 = Tensor.Ones(sampleShape, DType.Float64).DetachFromScope();
    }

    /// <summary>
    /// A diffusion over samples x: [batch, …<paramref name="sampleShape"/>] (e.g. images [channels, height, width])
    /// with no conditioning and an unweighted L2 loss; <see cref="Horizon"/>, <see cref="ObservationDim"/> and
    /// <see cref="ActionDim"/> are 0 (not trajectories).
    /// </summary>
    public static GaussianDiffusion OverSamples(ITrajectoryModel model, int[] sampleShape, int steps = 20,
        bool cosineSchedule = true, bool predictEpsilon = false, bool clipDenoised = false) =>
        new(model, sampleShape, steps, cosineSchedule, predictEpsilon, clipDenoised);

    /// <summary>The denoising network: x_t, t → x̂₀ (or ε̂ with predictEpsilon).</summary>
    public ITrajectoryModel Model { get; }

    /// <summary>The shape of one sample: [horizon, transition] for trajectories, e.g. [channels, height, width] for images.</summary>
    public IReadOnlyList<int> SampleShape { get; }

    /// <summary>Whether the samples are trajectories [horizon, transition] (the Diffuser constructor), not <see cref="OverSamples"/>.</summary>
    public bool IsTrajectory => Horizon > 0;

    /// <summary>The same diffusion (schedule, loss weights, flags) around another network, e.g. the EMA copy.</summary>
    public GaussianDiffusion WithModel(ITrajectoryModel model) => IsTrajectory
        ? new(model, Horizon, ObservationDim, ActionDim, Steps, _cosine, PredictEpsilon, ClipDenoised, ActionWeight, _lossDiscount, _observationLossWeights)
        : new(model, [.. SampleShape], Steps, _cosine, PredictEpsilon, ClipDenoised);

    /// <summary>The shape of a batch of <paramref name="batch"/> samples: [batch, …<see cref="SampleShape"/>].</summary>
    public int[] BatchShape(int batch) => [batch, .. SampleShape];
    /// <summary>The β schedule and its derived constants.</summary>
    public DiffusionSchedule Schedule { get; }
    /// <summary>Steps per trajectory.</summary>
    public int Horizon { get; }
    /// <summary>Observation channels.</summary>
    public int ObservationDim { get; }
    /// <summary>Action channels (first in each step).</summary>
    public int ActionDim { get; }
    /// <summary>Channels per step.</summary>
    public int TransitionDim => ObservationDim + ActionDim;
    /// <summary>T, the number of diffusion steps.</summary>
    public int Steps => Schedule.Steps;
    /// <summary>Whether the network predicts the noise ε rather than x₀.</summary>
    public bool PredictEpsilon { get; }
    /// <summary>Whether x̂₀ is clamped to [−1, 1] when sampling.</summary>
    public bool ClipDenoised { get; }
    /// <summary>Loss weight of the first step's actions.</summary>
    public double ActionWeight { get; }

    /// <summary>The weights w[h, c] of the L2 loss: [horizon, transition] (float64); all ones over <see cref="SampleShape"/> for other samples.</summary>
    public Tensor LossWeightTensor => _lossWeights64;

    /// <summary>w[h, c] = (γ^h / mean γ^h)·dimweight[c], then w[0, :actionDim] = actionWeight (Diffuser's get_loss_weights).</summary>
    public static double[] LossWeights(int horizon, int transitionDim, int actionDim, double actionWeight, double discount, IReadOnlyDictionary<int, double>? observationWeights)
    {
        var dimW = Enumerable.Repeat(1.0, transitionDim).ToArray();
        if (observationWeights != null)
            foreach (var (i, w) in observationWeights)
            {
                if (actionDim + i < 0 || actionDim + i >= transitionDim) throw new ArgumentException($"LossWeights: observation index {i} outside [0, {transitionDim - actionDim})");
                dimW[actionDim + i] *= w;
            }
        var disc = Enumerable.Range(0, horizon).Select(h => Math.Pow(discount, h)).ToArray();
        double mean = disc.Average();
        var w2 = new double[horizon * transitionDim];
        for (int h = 0; h < horizon; h++)
            for (int c = 0; c < transitionDim; c++) w2[h * transitionDim + c] = disc[h] / mean * dimW[c];
        for (int c = 0; c < actionDim; c++) w2[c] = actionWeight;
        return w2;
    }

    /// <summary>Per-sample coefficient a[t_b] as [batch, 1, …, 1] (x's rank) in x's dtype and backend.</summary>
    private static Tensor Extract(double[] a, int[] t, Tensor like)
    {
        var v = t.Select(i => a[i]).ToArray();
        Array host = like.DType == DType.Float64 ? v : v.Select(d => (float)d).ToArray();
        var shape = Enumerable.Repeat(1, like.Rank).ToArray();
        shape[0] = t.Length;
        return Tensor.FromHost(host, shape, like.Backend);
    }

    private void CheckX(string op, Tensor x, int[]? t = null)
    {
        if (x.Rank != SampleShape.Count + 1 || !x.Shape.Skip(1).SequenceEqual(SampleShape))
            throw new ArgumentException($"GaussianDiffusion.{op}: x must be [batch, {string.Join(", ", SampleShape)}], got {ShapeFormat.Of(x)}");
        if (t == null) return;
        if (t.Length != x.Shape[0]) throw new ArgumentException($"GaussianDiffusion.{op}: {t.Length} steps for a batch of {x.Shape[0]}");
        foreach (var s in t)
            if (s < 0 || s >= Steps) throw new ArgumentException($"GaussianDiffusion.{op}: step {s} outside [0, {Steps})");
    }

    /// <summary>The int32 tensor of steps the network sees.</summary>
    public static Tensor StepTensor(int[] t, Tensor like) => Tensor.FromHost(t, [t.Length], like.Backend);

    /// <summary>q(x_t | x₀): x_t = √ᾱ_t·x₀ + √(1−ᾱ_t)·ε.</summary>
    public Tensor QSample(Tensor x0, int[] t, Tensor noise)
    {
        CheckX(nameof(QSample), x0, t);
        return Schedule.QSample(x0, t, noise);
    }

    /// <summary>x̂₀ from the network output: √(1/ᾱ_t)·x_t − √(1/ᾱ_t − 1)·ε̂ when predicting ε, else the output itself.</summary>
    public Tensor PredictStartFromNoise(Tensor xt, int[] t, Tensor output)
    {
        if (!PredictEpsilon) return output;
        return xt * Extract(Schedule.AlphasCumprod.Select(v => Math.Sqrt(1 / v)).ToArray(), t, xt)
             - output * Extract(Schedule.AlphasCumprod.Select(v => Math.Sqrt(1 / v - 1)).ToArray(), t, xt);
    }

    /// <summary>q(x_{t−1} | x_t, x₀): mean c1_t·x₀ + c2_t·x_t, variance σ̃²_t and clipped log-variance ([batch, 1, 1] each).</summary>
    public (Tensor Mean, Tensor Variance, Tensor LogVariance) QPosterior(Tensor x0, Tensor xt, int[] t) =>
        Schedule.QPosterior(x0, xt, t);

    /// <summary>x̂₀ = network (or from ε̂), clamped to [−1, 1] when clipDenoised.</summary>
    public Tensor PredictStart(Tensor x, int[] t)
    {
        var output = Model.Forward(x, StepTensor(t, x));
        var x0 = PredictStartFromNoise(x, t, output);
        return ClipDenoised ? x0.Clamp(-1, 1) : x0;
    }

    /// <summary>p(x_{t−1} | x_t): the posterior at the predicted x̂₀.</summary>
    public (Tensor Mean, Tensor Variance, Tensor LogVariance) PMeanVariance(Tensor x, int[] t)
    {
        CheckX(nameof(PMeanVariance), x, t);
        return QPosterior(PredictStart(x, t), x, t);
    }

    /// <summary>One ancestral step: mean + exp(½·log σ̃²)·ε, no noise where t = 0.</summary>
    public Tensor PSample(Tensor x, int[] t, Generator g)
    {
        var (mean, _, logVar) = PMeanVariance(x, t);
        var noise = Tensor.RandN(g, x.Shape, x.DType, x.Backend);
        var nonzero = Extract(t.Select(s => s == 0 ? 0.0 : 1.0).ToArray(), Enumerable.Range(0, t.Length).ToArray(), x);
        return mean + (logVar * 0.5).Exp() * nonzero * noise;
    }

    /// <summary>
    /// Diffuser's n_step_guided_p_sample: guidance steps on x with ρ's gradient, then one <see cref="PSample"/>.
    /// Returns the new x and ρ at the last guided x ([batch]).
    /// </summary>
    public (Tensor X, Tensor Values) GuidedPSample(Tensor x, int[] t, Conditioning cond, Reward reward, GuideOptions guide, Generator g)
    {
        if (guide.NGuideSteps < 0) throw new ArgumentException($"GuidedPSample: NGuideSteps must be ≥ 0, got {guide.NGuideSteps}");
        var tt = StepTensor(t, x);
        var variance = Extract(Schedule.PosteriorLogVarianceClipped.Select(Math.Exp).ToArray(), t, x);
        var stop = Extract(t.Select(s => s < guide.TStopgrad ? 0.0 : 1.0).ToArray(), Enumerable.Range(0, t.Length).ToArray(), x);
        Tensor values = Tensor.Zeros([x.Shape[0]], x.DType, x.Backend);
        for (int k = 0; k < guide.NGuideSteps; k++)
        {
            // One dispose scope per guidance step: ρ's graph and gradient are freed (pooled) at its end;
            // only the new x and ρ's values are kept (handed to the caller's scope, if any).
            using var scope = Tensor.Scope();
            Tensor grad;
            using (Autograd.EnableGrad())
            {
                var leaf = x.Detach().RequiresGrad();
                var y = reward(leaf, tt);
                if (y.Numel != x.Shape[0]) throw new ArgumentException($"GuidedPSample: the reward must give one value per sample ([{x.Shape[0]}] or [{x.Shape[0]}, 1]), got {ShapeFormat.Of(y)}");
                values = y.Reshape(x.Shape[0]).Detach();
                grad = Autograd.Grad(y.Sum(), [leaf])[0].Detach();
            }
            using (Autograd.NoGrad())
            {
                if (guide.ScaleGradByStd) grad = grad * variance;
                grad = grad * stop;
                x = cond.Apply(x + grad * guide.Scale);
            }
            scope.Keep(x, values);
        }
        using (Autograd.NoGrad())
        {
            Tensor next;
            using (var scope = Tensor.Scope()) next = scope.Keep(PSample(x, t, g));
            return (next, values);
        }
    }

    /// <summary>
    /// The ancestral sampling loop: x_T ~ N(0, I), condition; for i = T−1…0: x ← (guided) p-sample, condition;
    /// <paramref name="progress"/>(i, x) after each step. With ω = 0 the guided loop returns the plain loop's
    /// samples bit for bit (same noise stream; x + 0·g = x). Steps i &lt; t_stopgrad are plain steps: guidance
    /// draws no random numbers and its zeroed guide leaves x as it is, so skipping ρ there changes no sample
    /// (a finite x; a −0 may come out +0 in the reference's x + 0·g).
    /// </summary>
    public Tensor PSampleLoop(int batch, Conditioning cond, Generator g, Action<int, Tensor>? progress = null,
        Reward? reward = null, GuideOptions? guide = null, DType dtype = DType.Float32, Engine.Backends.IBackend? backend = null)
    {
        if ((reward == null) != (guide == null)) throw new ArgumentException("PSampleLoop: give both a reward and guide options, or neither");
        Tensor x;
        using (Autograd.NoGrad())
            x = cond.Apply(Tensor.RandN(g, BatchShape(batch), dtype, backend));
        for (int i = Steps - 1; i >= 0; i--)
        {
            var t = Enumerable.Repeat(i, batch).ToArray();
            // Each step's network activations are disposed at the end of the step (and reused by the next);
            // only the new x survives it.
            using (var scope = Tensor.Scope())
            {
                // Below t_stopgrad the guide is multiplied by zero: the reference still differentiates ρ there,
                // here no gradient is taken (about a third of a guided rollout's work at the locomotion presets).
                if (reward != null && i >= guide!.TStopgrad) x = GuidedPSample(x, t, cond, reward, guide, g).X;
                else using (Autograd.NoGrad()) x = PSample(x, t, g);
                using (Autograd.NoGrad()) x = cond.Apply(x);
                scope.Keep(x);
            }
            progress?.Invoke(i, x);
        }
        return x;
    }

    /// <summary>
    /// Strided deterministic sampling (DDIM, η = 0) over <paramref name="sampleSteps"/> evenly spaced steps:
    /// x̂₀ from the network, ε̂ = (x_t − √ᾱ_t x̂₀)/√(1−ᾱ_t), x_s = √ᾱ_s x̂₀ + √(1−ᾱ_s) ε̂ for the next step s.
    /// </summary>
    public Tensor DdimSampleLoop(int batch, Conditioning cond, Generator g, int sampleSteps, DType dtype = DType.Float32)
    {
        if (sampleSteps < 1 || sampleSteps > Steps) throw new ArgumentException($"DdimSampleLoop: sampleSteps must be in [1, {Steps}], got {sampleSteps}");
        var seq = Enumerable.Range(0, sampleSteps).Select(k => (int)Math.Round((double)k * (Steps - 1) / Math.Max(1, sampleSteps - 1))).Distinct().Reverse().ToArray();
        using var _ = Autograd.NoGrad();
        var x = cond.Apply(Tensor.RandN(g, BatchShape(batch), dtype));
        for (int k = 0; k < seq.Length; k++)
        {
            int ti = seq[k];
            var t = Enumerable.Repeat(ti, batch).ToArray();
            using var scope = Tensor.Scope();
            var x0 = PredictStart(x, t);
            double ac = Schedule.AlphasCumprod[ti];
            double acNext = k + 1 < seq.Length ? Schedule.AlphasCumprod[seq[k + 1]] : 1.0;
            var eps = (x - x0 * Math.Sqrt(ac)) * (1 / Math.Sqrt(1 - ac));
            x = scope.Keep(cond.Apply(x0 * Math.Sqrt(acNext) + eps * Math.Sqrt(1 - acNext)));
        }
        return x;
    }

    /// <summary>
    /// Diffuser's p_losses at given steps and noise: x_noisy = QSample (conditioned), prediction = network
    /// (conditioned), weighted L2 against ε or x₀: mean over (batch, H, C) of w[h, c]·(pred − target)².
    /// </summary>
    public Tensor PLosses(Tensor x0, Conditioning cond, int[] t, Tensor noise)
    {
        CheckX(nameof(PLosses), x0, t);
        var xNoisy = cond.Apply(QSample(x0, t, noise));
        var recon = Model.Forward(xNoisy, StepTensor(t, x0));
        recon = cond.Apply(recon);
        var target = PredictEpsilon ? noise : x0;
        var w = _lossWeights64.Cast(x0.DType).To(x0.Backend);
        return ((recon - target).Square() * w).Mean();
    }

    /// <summary>The training loss with t ~ U{0…T−1} and ε ~ N(0, I) drawn from <paramref name="g"/>.</summary>
    public Tensor Loss(Tensor x0, Conditioning cond, Generator g)
    {
        var (t, noise) = DrawLossInputs(x0, g);
        return PLosses(x0, cond, t, noise);
    }

    /// <summary>
    /// The draws of <see cref="Loss"/> for a batch x0 [B, …]: B steps t ~ U{0…T−1}, then ε ~ N(0, I) of x0's shape, in that
    /// order. Row i's draws are the i-th of each (the generator is counter-based), so a slice of rows is the same draws
    /// whatever the split — what data-parallel training's micro-batches rely on.
    /// </summary>
    public (int[] T, Tensor Noise) DrawLossInputs(Tensor x0, Generator g)
    {
        int b = x0.Shape[0];
        var t = new int[b];
        for (int i = 0; i < b; i++) t[i] = (int)g.NextInt(Steps);
        return (t, Tensor.RandN(g, x0.Shape, x0.DType, x0.Backend));
    }
}
