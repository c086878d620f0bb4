using System.Globalization;
using Engine.Diffusion;
using Engine.NN;

namespace Engine.Rewards.Extraction;

/// <summary>
/// Trains a reward network ρ_θ by gradient alignment (Algorithm 1 with a <see cref="DataAlignmentSource"/>,
/// Algorithm 2 with a <see cref="ModelAlignmentSource"/>): each step draws a batch, takes the loss of
/// <see cref="GradientAlignment"/>, back-propagates through ∇_z ρ (a mixed second derivative), one Adam step,
/// then Diffuser's EMA rule. Checkpoints hold model, EMA, Adam moments, step and the generator's position,
/// so a resumed run continues with exactly the numbers the uninterrupted one would have drawn.
/// </summary>
public sealed class RelativeRewardTrainer : ITrainer
{
    private readonly Module _model, _emaModel;
    private readonly ITrajectoryModel _net;
    private readonly IAlignmentSource _source;
    private readonly DiffusionSchedule? _schedule;

    /// <summary>Sets up Adam and the EMA rule; no step is taken.</summary>
    /// <param name="reward">The reward network ρ_θ, an <see cref="ITrajectoryModel"/> (x: [batch, H, C], t: [batch] → [batch, 1]).</param>
    /// <param name="emaReward">A second instance of the same architecture that holds the EMA weights.</param>
    /// <param name="source">Where the alignment batches come from.</param>
    /// <param name="g">The source of all randomness of training; kept and advanced by the trainer.</param>
    /// <param name="options">Settings; null takes <see cref="RelativeRewardOptions"/>'s defaults.</param>
    /// <param name="schedule">The models' noise schedule; needed only for the score-difference target.</param>
    /// <exception cref="ArgumentException">The options are invalid, a network is not an <see cref="ITrajectoryModel"/>, or the score-difference target has no schedule.</exception>
    public RelativeRewardTrainer(Module reward, Module emaReward, IAlignmentSource source, Generator g, RelativeRewardOptions? options = null, DiffusionSchedule? schedule = null)
    {
        Options = options ?? new RelativeRewardOptions();
        Options.Validate();
        if (reward is not ITrajectoryModel net) throw new ArgumentException("RelativeRewardTrainer: the reward must be an ITrajectoryModel (x: [batch, H, C], t: [batch] → [batch, 1])");
        if (emaReward is not ITrajectoryModel) throw new ArgumentException("RelativeRewardTrainer: the EMA reward must be an ITrajectoryModel");
        if (Options.Target == AlignmentTarget.ScoreDifference && schedule == null)
            throw new ArgumentException("RelativeRewardTrainer: the score-difference target needs the diffusion schedule");
        _model = reward; _emaModel = emaReward; _net = net; _source = source; _schedule = schedule;
        Generator = g;
        // The trainer owns its optimiser, so replaced parameter values can go back to the storage pool.
        Optimizer = new Adam(reward.Parameters(), Options.LearningRate, weightDecay: Options.WeightDecay)
        {
            ClipValue = Options.ClipValue, ClipNorm = Options.ClipNorm, DisposeReplacedValues = true,
        };
        Ema = new Ema(reward, emaReward, Options.EmaDecay, Options.StepStartEma, Options.UpdateEmaEvery);
    }

    /// <summary>The settings in use (validated).</summary>
    public RelativeRewardOptions Options { get; }
    /// <summary>Adam over the reward network's parameters, with the options' weight decay and clipping.</summary>
    public Adam Optimizer { get; }
    /// <summary>The EMA rule that updates the EMA reward network from the trained one.</summary>
    public Ema Ema { get; }

    /// <summary>The source of all randomness of training (batches, steps, noise).</summary>
    public Generator Generator { get; private set; }

    /// <summary>Completed optimiser steps.</summary>
    public int Step { get; private set; }

    /// <summary>
    /// Data-parallel training (default: none, the plain step): the batch is split into K equal micro-batches whose
    /// gradients are added in a fixed order, so any number of processes gives the weights of one process with the
    /// same K (<see cref="DataParallel"/>). Every rank must use the same source, generator and options.
    /// </summary>
    public DataParallel Parallel { get; init; } = DataParallel.None;

    private MicroBatchGradients? _microBatches;

    /// <summary>One optimiser step; returns the loss of its batch.</summary>
    public double TrainStep()
    {
        // Everything the step allocates (batch, both graphs, gradients, optimiser temporaries) goes back to the
        // storage pool at its end and is reused by the next step: fresh memory costs a page fault per 4 KiB on
        // first touch, which made the unscoped step spend as much time in the kernel as in arithmetic.
        // Parameters, EMA weights and Adam's moments leave the scope by themselves.
        using var scope = Tensor.Scope();
        var batch = _source.Next(Generator, Options.BatchSize);
        double value;
        if (Parallel.IsPlain)
        {
            var loss = GradientAlignment.Loss(_net, batch, Options.Point, Options.Target, _schedule);
            loss.Backward();
            value = loss.Item();
        }
        else
        {
            int k = Parallel.MicroBatches, m = Parallel.MicroBatchSize(Options.BatchSize, "RelativeRewardTrainer");
            _microBatches ??= new MicroBatchGradients(_model.Parameters(), Parallel);
            var mine = Parallel.Mine;
            for (int j = mine.Start.Value; j < mine.End.Value; j++)
            {
                // Equal micro-batches: the batch mean is the sum of the micro-batch means over K.
                var loss = GradientAlignment.Loss(_net, batch.Rows(j * m, (j + 1) * m), Options.Point, Options.Target, _schedule) / k;
                loss.Backward();
                _microBatches.Capture(j, loss.Item());
            }
            value = _microBatches.Combine();
        }
        if (!double.IsFinite(value)) // the settings' outcome, not a bug: named by the setting to change
            throw new Engine.IO.InputException("relative reward diverged", $"learning rate {Options.LearningRate}", $"the loss became {value} at step {Step}; lower the learning rate or clip gradients");
        Optimizer.Step();
        Optimizer.ZeroGrad();
        Ema.Step(Step);
        Step++;
        return value;
    }

    /// <summary>The loss on a batch without training (e.g. a held-out batch).</summary>
    public double Evaluate(AlignmentBatch batch, bool ema = false)
    {
        var net = ema ? (ITrajectoryModel)_emaModel : _net;
        var loss = GradientAlignment.Loss(net, batch, Options.Point, Options.Target, _schedule);
        return loss.Item();
    }

    /// <summary>Writes model ("model."), EMA ("ema."), optimiser state ("optim.") and step/generator metadata, atomically.</summary>
    public void Save(string path, IReadOnlyDictionary<string, string>? extraMetadata = null)
    {
        var meta = new Dictionary<string, string> { ["kind"] = "relative-reward", ["step"] = Step.ToString(CultureInfo.InvariantCulture) };
        TrainingCheckpoint.AddGenerator(meta, Generator);
        if (extraMetadata != null) foreach (var (k, v) in extraMetadata) meta[k] = v;
        TrainingCheckpoint.Save(path, _model, _emaModel, Optimizer, meta);
    }

    /// <summary>Restores everything <see cref="Save"/> wrote; a file of another kind or shape is an error naming it.</summary>
    public IReadOnlyDictionary<string, string> Load(string path)
    {
        string where = Engine.IO.InputException.Location(path);
        int step = 0;
        Generator? g = null;
        var meta = TrainingCheckpoint.Load(path, _model, _emaModel, Optimizer, m =>
        {
            if (!m.TryGetValue("kind", out var kind) || kind != "relative-reward")
                throw new Engine.IO.InputException("not a relative-reward checkpoint", where, $"its metadata 'kind' is '{kind ?? "(none)"}', not 'relative-reward'");
            if (!m.TryGetValue("step", out var s) || !int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out step))
                throw new Engine.IO.InputException("corrupt checkpoint", where, "no valid 'step' in its metadata");
            g = TrainingCheckpoint.ReadGenerator(m, path) ?? throw new Engine.IO.InputException("corrupt checkpoint", where, "no generator position in its metadata");
        });
        Step = step;
        Generator = g!;
        return meta;
    }
}
