using System.Globalization;
using Engine.Autodiff;
using Engine.Diffusion;
using Engine.NN;

namespace Engine.Rewards.Discriminator;

/// <summary>
/// The paper's discriminator baseline (§5, Table 1): a binary classifier with the reward network's architecture
/// that tells expert (label 1) from base (label 0) trajectories, trained on inputs noised as the diffusion models
/// see them, so it can steer the base model by classifier guidance (<see cref="AsGuide"/>).
/// <para>One step: B/2 expert and B/2 base windows x₀: [B, horizon, transition] (both datasets in the base
/// model's normalisation — the caller builds them so), t ~ U{0…T−1} and ε ~ N(0, I) per sample,
/// x_t = √ᾱ_t·x₀ + √(1−ᾱ_t)·ε (<see cref="GaussianDiffusion.QSample"/>), logits d(x_t, t): [B], loss = mean
/// binary cross-entropy with logits; one Adam step (optional clipping), then Diffuser's EMA rule.</para>
/// <para>Randomness: the generator given to the constructor supplies one 63-bit seed; step k draws from
/// <c>new Generator(seed + k)</c>. Equal seeds give equal numbers, and a checkpoint (weights, EMA, Adam moments,
/// step, seed) resumes with exactly the numbers an uninterrupted run would have drawn.</para>
/// </summary>
public sealed class DiscriminatorTrainer : ITrainer
{
    private readonly Module _model, _emaModel;
    private readonly ITrajectoryModel _net, _emaNet;
    private readonly SequenceDataset _expert, _base;
    private ulong _seed;

    /// <param name="diffusion">The base diffusion model; only its schedule (ᾱ_t, T) and dimensions are used.</param>
    /// <param name="model">The discriminator, an <see cref="ITrajectoryModel"/> mapping [batch, horizon, transition] and t: [batch] to [batch, 1].</param>
    /// <param name="emaModel">A second instance of the same architecture that holds the EMA weights.</param>
    /// <param name="expert">Expert windows (label 1), normalised with the base data's normaliser.</param>
    /// <param name="base">Base windows (label 0).</param>
    /// <param name="g">Source of the trainer's seed (one draw).</param>
    /// <param name="options">Batch, optimiser and EMA settings; null takes <see cref="DiscriminatorOptions"/>'s defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="diffusion"/>, <paramref name="g"/> or a dataset is null.</exception>
    /// <exception cref="ArgumentException">A model is not an <see cref="ITrajectoryModel"/>, both are one instance, a dataset's windows do not fit the diffusion model, the batch size is not a positive even number, or the learning rate is negative.</exception>
    public DiscriminatorTrainer(GaussianDiffusion diffusion, Module model, Module emaModel, SequenceDataset expert, SequenceDataset @base,
        Generator g, DiscriminatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(diffusion);
        ArgumentNullException.ThrowIfNull(g);
        options ??= new DiscriminatorOptions();
        if (model is not ITrajectoryModel net) throw new ArgumentException($"DiscriminatorTrainer: model ({model?.GetType().Name}) must be an ITrajectoryModel", nameof(model));
        if (emaModel is not ITrajectoryModel emaNet) throw new ArgumentException($"DiscriminatorTrainer: emaModel ({emaModel?.GetType().Name}) must be an ITrajectoryModel", nameof(emaModel));
        if (ReferenceEquals(model, emaModel)) throw new ArgumentException("DiscriminatorTrainer: model and emaModel must be two instances", nameof(emaModel));
        CheckData("expert", expert, diffusion);
        CheckData("base", @base, diffusion);
        if (options.BatchSize <= 0 || options.BatchSize % 2 != 0)
            throw new ArgumentException($"DiscriminatorTrainer: batchSize must be a positive even number (half expert, half base), got {options.BatchSize}", nameof(options));
        if (options.LearningRate < 0 || double.IsNaN(options.LearningRate))
            throw new ArgumentException($"DiscriminatorTrainer: learningRate must be ≥ 0, got {options.LearningRate}", nameof(options));
        if (options.ConditionNoisy && expert.GoalConditioned != @base.GoalConditioned)
            throw new ArgumentException("DiscriminatorTrainer: conditionNoisy needs both datasets goal-conditioned or neither", nameof(options));

        Diffusion = diffusion; Options = options;
        _model = model; _emaModel = emaModel; _net = net; _emaNet = emaNet;
        _expert = expert; _base = @base;
        _seed = (ulong)g.NextInt(long.MaxValue);
        Optimizer = new Adam(model.Parameters(), options.LearningRate) { ClipValue = options.ClipValue, ClipNorm = options.ClipNorm, DisposeReplacedValues = true };
        Ema = new Ema(model, emaModel, options.EmaDecay, options.StepStartEma, options.UpdateEmaEvery);
    }

    private static void CheckData(string name, SequenceDataset? data, GaussianDiffusion d)
    {
        if (data == null) throw new ArgumentNullException(name);
        if (data.Horizon != d.Horizon || data.TransitionDim != d.TransitionDim || data.ActionDim != d.ActionDim)
            throw new ArgumentException($"DiscriminatorTrainer: {name} dataset windows [{data.Horizon}, {data.TransitionDim}] (actions {data.ActionDim}) do not fit the diffusion's [{d.Horizon}, {d.TransitionDim}] (actions {d.ActionDim})", name);
    }

    /// <summary>The base diffusion model whose schedule noises the training windows.</summary>
    public GaussianDiffusion Diffusion { get; }
    /// <summary>The settings in use (the defaults when none were given).</summary>
    public DiscriminatorOptions Options { get; }
    /// <summary>Adam over the discriminator's parameters, with the options' gradient clipping.</summary>
    public Adam Optimizer { get; }
    /// <summary>The EMA rule that updates <see cref="EmaModel"/> from <see cref="Model"/>.</summary>
    public Ema Ema { get; }

    /// <summary>The trained network.</summary>
    public ITrajectoryModel Model => _net;

    /// <summary>The EMA copy (used for guidance, as the paper's code steers with the EMA reward model).</summary>
    public ITrajectoryModel EmaModel => _emaNet;

    /// <summary>Completed optimiser steps.</summary>
    public int Step { get; private set; }

    /// <summary>The generator of step <paramref name="step"/>'s draws.</summary>
    private Generator StepGenerator(int step) => new(unchecked(_seed + (ulong)step));

    /// <summary>
    /// One balanced batch of noisy inputs: x_t: [B, horizon, transition], the steps t (length B), the labels
    /// [B] (first half 1 = expert, second half 0 = base).
    /// </summary>
    private (Tensor X, int[] T, Tensor Labels) NoisyBatch(Generator g, int perClass, Func<Generator, int> drawStep, SequenceDataset expert, SequenceDataset @base, bool condition)
    {
        var dt = Options.DType;
        var (xe, ce) = expert.SampleBatch(g, perClass, dt);
        var (xb, cb) = @base.SampleBatch(g, perClass, dt);
        var x0 = Tensor.Concat([xe, xb], 0);
        int n = 2 * perClass;
        var t = new int[n];
        for (int i = 0; i < n; i++) t[i] = drawStep(g);
        var noise = Tensor.RandN(g, x0.Shape, dt);
        var xt = Diffusion.QSample(x0, t, noise);
        if (condition)
        {
            var conds = ce.ToDictionary(kv => kv.Key, kv => Tensor.Concat([kv.Value, cb[kv.Key]], 0));
            xt = new Conditioning(conds, n, Diffusion.Horizon, Diffusion.TransitionDim, Diffusion.ActionDim, dt).Apply(xt);
        }
        var labels = new double[n];
        for (int i = 0; i < perClass; i++) labels[i] = 1;
        var lab = dt == DType.Float64 ? Tensor.FromArray(labels, n) : Tensor.FromArray(labels.Select(v => (float)v).ToArray(), n);
        return (xt, t, lab);
    }

    /// <summary>One optimiser step; returns the batch's mean binary cross-entropy (before the step).</summary>
    public double TrainStep()
    {
        // As in the reward trainer: the step's allocations return to the storage pool at its end.
        using var scope = Tensor.Scope();
        var g = StepGenerator(Step);
        var (x, t, labels) = NoisyBatch(g, Options.BatchSize / 2, gen => (int)gen.NextInt(Diffusion.Steps), _expert, _base, Options.ConditionNoisy);
        Optimizer.ZeroGrad();
        Tensor loss;
        using (Autograd.EnableGrad())
        {
            loss = BinaryCrossEntropy.WithLogits(DiscriminatorGuide.Logits(_net, x, GaussianDiffusion.StepTensor(t, x)), labels);
            loss.Backward();
        }
        double value = loss.Item();
        Optimizer.Step();
        Optimizer.ZeroGrad();
        Ema.Step(Step);
        Step++;
        return value;
    }

    /// <summary>Runs <paramref name="steps"/> steps; <paramref name="progress"/>(completed steps, loss) after each. Returns the last loss.</summary>
    public double Train(int steps, Action<int, double>? progress = null)
    {
        if (steps < 0) throw new ArgumentException($"DiscriminatorTrainer.Train: steps must be ≥ 0, got {steps}", nameof(steps));
        double last = double.NaN;
        for (int i = 0; i < steps; i++)
        {
            last = TrainStep();
            progress?.Invoke(Step, last);
        }
        return last;
    }

    /// <summary>
    /// Logits d(x, t): [batch] of the EMA network (or the trained one), without recording gradients.
    /// x: [batch, horizon, transition], t: one step per sample.
    /// </summary>
    public Tensor Logits(Tensor x, int[] t, bool ema = true)
    {
        if (x.Rank != 3 || x.Shape[1] != Diffusion.Horizon || x.Shape[2] != Diffusion.TransitionDim)
            throw new ArgumentException($"DiscriminatorTrainer.Logits: x must be [batch, {Diffusion.Horizon}, {Diffusion.TransitionDim}], got {ShapeFormat.Of(x)}", nameof(x));
        if (t.Length != x.Shape[0]) throw new ArgumentException($"DiscriminatorTrainer.Logits: {t.Length} steps for a batch of {x.Shape[0]}", nameof(t));
        foreach (var s in t)
            if (s < 0 || s >= Diffusion.Steps) throw new ArgumentException($"DiscriminatorTrainer.Logits: step {s} outside [0, {Diffusion.Steps})", nameof(t));
        using var _ = Autograd.NoGrad();
        return DiscriminatorGuide.Logits(ema ? _emaNet : _net, x, GaussianDiffusion.StepTensor(t, x));
    }

    /// <summary>
    /// Scores for evaluation: <paramref name="perClass"/> windows from each dataset (uniform, with replacement),
    /// noised at t ~ U{0…<paramref name="tLimit"/>−1} (the paper's evaluation uses ⌊0.1·T⌋), scored by the EMA network
    /// (or the trained one). Returns the logits and labels (true = expert), expert samples first. With
    /// <see cref="Evaluation.LogisticRegression"/>(1, 0) the balanced accuracy of the rule "logit &gt; 0" follows.
    /// </summary>
    public (double[] Logits, bool[] Labels) Score(SequenceDataset expert, SequenceDataset @base, int perClass, int tLimit, Generator g, bool ema = true)
    {
        CheckData("expert", expert, Diffusion);
        CheckData("base", @base, Diffusion);
        if (perClass <= 0) throw new ArgumentException($"DiscriminatorTrainer.Score: perClass must be positive, got {perClass}", nameof(perClass));
        if (tLimit < 1 || tLimit > Diffusion.Steps) throw new ArgumentException($"DiscriminatorTrainer.Score: tLimit must be in [1, {Diffusion.Steps}], got {tLimit}", nameof(tLimit));
        using var _ = Autograd.NoGrad();
        var (x, t, _) = NoisyBatch(g, perClass, gen => (int)gen.NextInt(tLimit), expert, @base, Options.ConditionNoisy);
        var logits = Logits(x, t, ema).ToArrayDouble();
        return (logits, Enumerable.Range(0, 2 * perClass).Select(i => i < perClass).ToArray());
    }

    /// <summary>The classifier-guidance reward log p(expert | x_t) = −softplus(−d(x, t)) of the EMA network (or the trained one).</summary>
    public Reward AsGuide(bool ema = true) => DiscriminatorGuide.LogProbExpert(ema ? _emaNet : _net);

    /// <summary>
    /// Writes weights ("model."), EMA weights ("ema."), Adam's state ("optim.") and the step and seed (metadata)
    /// atomically (temporary file, then rename).
    /// </summary>
    public void Save(string path, IReadOnlyDictionary<string, string>? extraMetadata = null)
    {
        var meta = new Dictionary<string, string>
        {
            ["kind"] = "discriminator",
            ["step"] = Step.ToString(CultureInfo.InvariantCulture),
            ["seed"] = _seed.ToString(CultureInfo.InvariantCulture),
        };
        if (extraMetadata != null) foreach (var (k, v) in extraMetadata) meta[k] = v;
        TrainingCheckpoint.Save(path, _model, _emaModel, Optimizer, meta);
    }

    /// <summary>Restores everything <see cref="Save"/> wrote; training then continues exactly where it stopped.</summary>
    public IReadOnlyDictionary<string, string> Load(string path)
    {
        int step = 0;
        ulong seed = 0;
        var meta = TrainingCheckpoint.Load(path, _model, _emaModel, Optimizer, m =>
        {
            if (!m.TryGetValue("step", out var s) || !int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out step) || step < 0)
                throw new Engine.IO.InputException("corrupt discriminator checkpoint", Engine.IO.InputException.Location(path), "no valid 'step' in its metadata");
            if (!m.TryGetValue("seed", out var sd) || !ulong.TryParse(sd, NumberStyles.Integer, CultureInfo.InvariantCulture, out seed))
                throw new Engine.IO.InputException("corrupt discriminator checkpoint", Engine.IO.InputException.Location(path), "no valid 'seed' in its metadata");
        });
        Step = step;
        _seed = seed;
        return meta;
    }
}
