using Engine.NN;

namespace Engine.Diffusion;

/// <summary>
/// Diffuser's Trainer: each step draws <see cref="GradientAccumulate"/> batches, back-propagates loss/k for
/// each, takes one Adam step, then applies the EMA rule (every updateEvery steps: copy before the start step,
/// else average). Checkpoints hold the model under "model." and the EMA model under "ema." with the step in
/// the metadata, written atomically. Sampling should use <see cref="EmaDiffusion"/>.
/// </summary>
public sealed class DiffusionTrainer : ITrainer
{
    private readonly IDiffusionDataset _data;
    private Generator _g;
    private readonly Module _model, _emaModel;

    /// <summary>Diffuser's trainer: Adam on <paramref name="diffusion"/>'s network, EMA into <paramref name="emaModel"/>, batches drawn from <paramref name="data"/> with <paramref name="g"/>.</summary>
    public DiffusionTrainer(GaussianDiffusion diffusion, Module emaModel, IDiffusionDataset data, Generator g, int batchSize = 32, double lr = 2e-4,
        int gradientAccumulate = 1, double emaDecay = 0.995, int stepStartEma = 2000, int updateEmaEvery = 10)
    {
        if (diffusion.Model is not Module model) throw new ArgumentException("DiffusionTrainer: the diffusion's model must be a Module");
        if (emaModel is not ITrajectoryModel emaNet) throw new ArgumentException("DiffusionTrainer: the EMA model must be an ITrajectoryModel");
        if (data is SequenceDataset w && (w.Horizon != diffusion.Horizon || w.TransitionDim != diffusion.TransitionDim || w.ActionDim != diffusion.ActionDim))
            throw new ArgumentException($"DiffusionTrainer: dataset windows [{w.Horizon}, {w.TransitionDim}] (actions {w.ActionDim}) do not fit the diffusion's [{diffusion.Horizon}, {diffusion.TransitionDim}] (actions {diffusion.ActionDim})");
        if (!data.SampleShape.SequenceEqual(diffusion.SampleShape))
            throw new ArgumentException($"DiffusionTrainer: dataset samples [{string.Join(", ", data.SampleShape)}] do not fit the diffusion's [{string.Join(", ", diffusion.SampleShape)}]");
        if (batchSize <= 0 || gradientAccumulate <= 0) throw new ArgumentException("DiffusionTrainer: batchSize and gradientAccumulate must be positive");
        Diffusion = diffusion;
        EmaDiffusion = diffusion.WithModel(emaNet);
        _model = model; _emaModel = emaModel; _data = data; _g = g;
        BatchSize = batchSize; GradientAccumulate = gradientAccumulate;
        // The trainer owns its optimiser, so replaced parameter values can go back to the storage pool.
        Optimizer = new Adam(model.Parameters(), lr) { DisposeReplacedValues = true };
        Ema = new Ema(model, emaModel, emaDecay, stepStartEma, updateEmaEvery);
    }

    /// <summary>The diffusion being trained.</summary>
    public GaussianDiffusion Diffusion { get; }
    /// <summary>The same diffusion around the EMA network (for sampling).</summary>
    public GaussianDiffusion EmaDiffusion { get; }
    /// <summary>The optimiser.</summary>
    public Adam Optimizer { get; }
    /// <summary>The moving average of the network.</summary>
    public Ema Ema { get; }
    /// <summary>Samples per batch.</summary>
    public int BatchSize { get; }
    /// <summary>Batches accumulated per optimiser step.</summary>
    public int GradientAccumulate { get; }

    /// <summary>Completed optimiser steps.</summary>
    public int Step { get; private set; }

    /// <summary>
    /// Data-parallel training (default: none, the plain step). With K micro-batches the global batch of
    /// <see cref="BatchSize"/> is split into K equal parts whose gradients are added in a fixed order, so any number of
    /// processes sharing the work gives the same weights as one process with the same K (<see cref="DataParallel"/>).
    /// Needs <see cref="GradientAccumulate"/> = 1. Every rank holds the whole model and optimiser, and every rank
    /// must be given the same data, generator and settings.
    /// </summary>
    public DataParallel Parallel { get; init; } = DataParallel.None;

    private MicroBatchGradients? _microBatches;

    /// <summary>One optimiser step; returns the mean loss over the accumulated batches (or over the global batch).</summary>
    public double TrainStep()
    {
        // Everything a step allocates (batch, graph, gradients, optimiser temporaries) is disposed at its
        // end and reused by the next step; parameters and Adam's moments leave the scope by themselves.
        using var scope = Tensor.Scope();
        double total = Parallel.IsPlain ? AccumulatedBatches() : MicroBatchedBatch();
        Optimizer.Step();
        Optimizer.ZeroGrad();
        Ema.Step(Step);
        Step++;
        return total;
    }

    private double AccumulatedBatches()
    {
        double total = 0;
        for (int i = 0; i < GradientAccumulate; i++)
        {
            var (x, cond) = _data.SampleBatch(_g, BatchSize);
            var c = _data.Condition(cond, BatchSize, x.DType);
            var loss = Diffusion.Loss(x, c, _g) / GradientAccumulate;
            loss.Backward();
            total += loss.Item();
        }
        return total;
    }

    private double MicroBatchedBatch()
    {
        if (GradientAccumulate != 1) throw new InvalidOperationException("DiffusionTrainer: data-parallel training needs gradientAccumulate = 1 (the micro-batches are its accumulation)");
        int k = Parallel.MicroBatches, m = Parallel.MicroBatchSize(BatchSize, "DiffusionTrainer");
        var (x, cond) = _data.SampleBatch(_g, BatchSize);
        // The plain loss's draws, made for the whole global batch on every rank: example i's step and noise do not
        // depend on which micro-batch or rank computes it.
        var (t, noise) = Diffusion.DrawLossInputs(x, _g);
        _microBatches ??= new MicroBatchGradients(_model.Parameters(), Parallel);
        var mine = Parallel.Mine;
        for (int j = mine.Start.Value; j < mine.End.Value; j++)
        {
            int a = j * m, b = a + m;
            var part = cond.ToDictionary(kv => kv.Key, kv => kv.Value.Slice(0, a, b));
            var c = _data.Condition(part, m, x.DType);
            // Equal micro-batches: the global mean is the sum of the micro-batch means over K.
            var loss = Diffusion.PLosses(x.Slice(0, a, b), c, t[a..b], noise.Slice(0, a, b)) / k;
            loss.Backward();
            _microBatches.Capture(j, loss.Item());
        }
        return _microBatches.Combine();
    }

    /// <summary>
    /// Writes model ("model."), EMA ("ema."), optimiser state ("optim.") and the step and generator position
    /// (metadata), atomically, so <see cref="Load"/> continues exactly where this run stood.
    /// </summary>
    public void Save(string path, IReadOnlyDictionary<string, string>? extraMetadata = null)
    {
        var meta = new Dictionary<string, string> { ["step"] = Step.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        TrainingCheckpoint.AddGenerator(meta, _g);
        if (extraMetadata != null) foreach (var (k, v) in extraMetadata) meta[k] = v;
        TrainingCheckpoint.Save(path, _model, _emaModel, Optimizer, meta);
    }

    /// <summary>
    /// Restores model, EMA model and step; also the optimiser state and the generator position when the file
    /// has them (files written by Diffuser-style tools without them restart the optimiser, as Diffuser does).
    /// Returns the file's metadata.
    /// </summary>
    public IReadOnlyDictionary<string, string> Load(string path)
    {
        var meta = TrainingCheckpoint.Load(path, _model, _emaModel, Optimizer);
        Step = meta.TryGetValue("step", out var s) ? int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : 0;
        _g = TrainingCheckpoint.ReadGenerator(meta, path) ?? _g;
        return meta;
    }
}
