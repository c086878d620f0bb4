using Engine.Autodiff;
using Engine.Diffusion;
using Engine.NN;

namespace Engine.Experiments.Maze2D.Ppo;

/// <summary>
/// The relative reward of a finished <c>engine maze2d</c> run as a function of a trajectory window: the EMA window
/// network of goal g, seed s, evaluated at diffusion time 0 on the last h transitions, each normalised as the
/// training data were (the run's base-data normalisers). <c>window: [h, 6]</c> rows of (action x, y, position x, y,
/// velocity x, y), raw. Evaluation is serialised by a lock: environments step on several threads.
/// </summary>
public sealed class ExtractedMazeReward
{
    private readonly ITrajectoryModel _network;
    private readonly Normalizer _observations, _actions;
    private readonly Lock _gate = new();

    private readonly Maze2DConfig _config;
    private readonly SequenceDataset _baseTrain;
    private readonly int _seed;
    private PositionMazeReward? _position;

    private ExtractedMazeReward(ITrajectoryModel network, int horizon, Normalizer observations, Normalizer actions, string source, string checkpoint,
        Maze2DConfig config, SequenceDataset baseTrain, int seed)
    {
        _config = config;
        _baseTrain = baseTrain;
        _seed = seed;
        CheckpointPath = checkpoint;
        _network = network;
        Horizon = horizon;
        _observations = observations;
        _actions = actions;
        Source = source;
    }

    /// <summary>h, the transitions per window.</summary>
    public int Horizon { get; }

    /// <summary>The reward checkpoint read (its hash goes into the agents' checkpoints).</summary>
    public string CheckpointPath { get; }

    /// <summary>Which run, goal and seed the reward comes from.</summary>
    public string Source { get; }

    /// <summary>
    /// Loads goal <paramref name="goal"/>, seed <paramref name="seed"/> of the run in <paramref name="runDir"/> (its
    /// config.json, data and reward checkpoint). A run without that goal or seed, or an unfinished reward, is an
    /// <see cref="Engine.IO.InputException"/> naming the file.
    /// </summary>
    public static ExtractedMazeReward Load(string runDir, int goal, int seed, IExperimentProgress? progress = null)
    {
        var configPath = Path.Combine(runDir, "config.json");
        if (!File.Exists(configPath)) throw new Engine.IO.InputException("not an engine maze2d run", Engine.IO.InputException.Location(runDir), "it has no config.json");
        var config = Maze2DConfig.Load(configPath);
        if (!config.Goals.Contains(goal) || !config.Seeds.Contains(seed))
            throw new Engine.IO.InputException($"no reward for goal {goal} seed {seed}", Engine.IO.InputException.Location(configPath), $"the run has goals [{string.Join(",", config.Goals)}] and seeds [{string.Join(",", config.Seeds)}]");
        var checkpoint = Path.Combine(Maze2DExperiment.RunFolder(runDir, goal, seed), "reward.safetensors");
        if (!File.Exists(checkpoint)) throw new Engine.IO.InputException($"no reward for goal {goal} seed {seed}", Engine.IO.InputException.Location(checkpoint), "the file does not exist; finish the run first");
        var r = config.RewardFor(goal);
        var meta = SafeTensors.ReadMetadata(checkpoint);
        if (!meta.TryGetValue("step", out var step) || step != r.TrainSteps.ToString(System.Globalization.CultureInfo.InvariantCulture))
            throw new Engine.IO.InputException("unfinished reward", Engine.IO.InputException.Location(checkpoint), $"it is at step {step ?? "?"} of {r.TrainSteps}; finish the run first");
        // The normalisers of the seed's own data: seeds have independent datasets.
        var data = Maze2DData.Prepare(config, Path.Combine(runDir, "data"), seed, [goal], progress ?? SilentProgress.Instance);
        Func<Layer> act = r.Activation == "mish" ? () => new Mish() : () => new LeakyReLU();
        var window = new SingleStepRewardMLP(r.WindowHorizon, Maze2DData.TransitionDim, new Generator(0), r.Dim, r.EmbedDim, r.DimMults, act);
        var strided = new StridedWindowReward(window, r.WindowHorizon);
        Checkpoint.Load(strided, checkpoint, prefix: "ema.");
        return new ExtractedMazeReward(window, r.WindowHorizon, data.Observations, data.BaseTrain.ActionNormalizer,
            $"{Path.GetFullPath(runDir)} goal {goal} seed {seed}", checkpoint, config, data.BaseTrain, seed);
    }

    /// <summary>
    /// ρ as a function of position (<see cref="PositionMazeReward"/>): the heatmap of the run's evaluation — same
    /// window network, noise at t = 0, winsorising, binning and smoothing — built from the seed's base
    /// <i>training</i> sequences (a reward needs no held-out data) with its own fixed stream; built once.
    /// </summary>
    public PositionMazeReward Position()
    {
        lock (_gate)
        {
            if (_position is null)
            {
                var schedule = DiffusionSchedule.Cosine(_config.Diffusion.Steps); // the maze diffusions' schedule
                var g = new Generator(Maze2DSeeds.Stream(_config.MazeTag, _seed, "ppo/position-reward"));
                var heatmap = Maze2DEvaluation.Heatmap(_network, Horizon, _baseTrain, schedule, _config.Task.Layout, _config.Evaluation.HeatmapSequences, g);
                _position = new PositionMazeReward(heatmap, heatmap.Smooth(_config.Evaluation.Smoothing, _config.Evaluation.SmoothingBins));
            }
            return _position;
        }
    }

    /// <summary>
    /// ρ(window, t = 0). <c>window: [Horizon, 6]</c> raw (action, observation) rows, oldest first. With
    /// <paramref name="clipToData"/> every normalised input is clipped to [−1, 1], the base data's range under the
    /// limits normaliser, so ρ is never read where the network only extrapolates (speeds the data never reach).
    /// </summary>
    public double Evaluate(ReadOnlySpan<double> window, bool clipToData = false)
    {
        if (window.Length != Horizon * Maze2DData.TransitionDim)
            throw new ArgumentException($"ExtractedMazeReward: a window is [{Horizon}, {Maze2DData.TransitionDim}], got {window.Length} values");
        var x = new float[window.Length];
        for (int k = 0; k < Horizon; k++)
        {
            var row = window.Slice(k * 6, 6);
            var a = _actions.Normalize([row[0], row[1]]);
            var o = _observations.Normalize([row[2], row[3], row[4], row[5]]);
            x[k * 6] = Input(a[0]); x[k * 6 + 1] = Input(a[1]);
            for (int j = 0; j < 4; j++) x[k * 6 + 2 + j] = Input(o[j]);
        }
        float Input(double v) => (float)(clipToData ? Math.Clamp(v, -1, 1) : v);
        lock (_gate)
        {
            using var scope = Tensor.Scope();
            using var _ = Autograd.NoGrad();
            return _network.Forward(Tensor.FromArray(x, 1, Horizon, 6), Tensor.FromArray(new[] { 0 }, 1)).Item();
        }
    }
}
