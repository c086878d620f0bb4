using System.Diagnostics;
using System.Text.Json;
using Engine.Diffusion;
using Engine.Envs.Maze2D;
using Engine.NN;
using Engine.Rewards.Discriminator;
using Engine.Rewards.Evaluation;
using Engine.Rewards.Extraction;
using Engine.Rewards.Steering;

namespace Engine.Experiments.Maze2D;

/// <summary>
/// The paper's maze experiment end to end on one maze (§5.1): per run seed, data → base and expert diffusion
/// models → relative reward by gradient alignment → heatmap, goal accuracy, discriminability (and the
/// discriminator baseline and a steering check) → report. Every stage checkpoints under the output folder and
/// resumes; finished stages are reused, so a rerun with more goals or seeds trains only what is new. Seed k is an
/// independent replicate: its datasets, models, reward and evaluation draw from streams named by (k, maze, stage,
/// goal) (<see cref="Maze2DSeeds.Stream"/>).
/// </summary>
public sealed class Maze2DExperiment
{
    private readonly Maze2DConfig _c;
    private readonly string _out;
    private readonly IExperimentProgress _progress;
    private readonly Dictionary<string, double> _seconds = [];
    private readonly Dictionary<string, double> _diffusionLoss = [];
    private readonly Dictionary<string, LossCurve> _curves = [];

    /// <param name="config">The run's settings.</param>
    /// <param name="outDir">Its folder (created; a rerun resumes there).</param>
    /// <param name="progress">Stage progress.</param>
    /// <param name="exchange">The processes that share each training step (the config's MicroBatches split among them); default: this process alone.</param>
    public Maze2DExperiment(Maze2DConfig config, string outDir, IExperimentProgress? progress = null, IGradientExchange? exchange = null)
    {
        _c = config.Validated();
        _out = Path.GetFullPath(outDir);
        _progress = progress ?? SilentProgress.Instance;
        _parallel = new DataParallel(_c.MicroBatches, exchange ?? SingleProcessExchange.Instance);
    }

    private readonly DataParallel _parallel;

    /// <summary>A training stage's fingerprint (<see cref="MicroBatchFingerprint"/>).</summary>
    private string TrainingFingerprint(params object[] parts) => MicroBatchFingerprint.Of(Fingerprint(parts), _c.MicroBatches);

    public string OutputDirectory => _out;
    public string ReportPath => Path.Combine(_out, "report.md");

    /// <summary>The loss curves of the stages this instance ran or loaded, by stage.</summary>
    public IReadOnlyDictionary<string, LossCurve> Curves => _curves;

    /// <summary>Every (goal, seed) run of a configuration, seed by seed.</summary>
    public static IReadOnlyList<(MazeGoal Goal, int Seed)> Units(Maze2DConfig c) =>
        [.. c.Seeds.Order().SelectMany(s => c.Goals.Order().Select(g => (g, s)))];

    /// <summary>Runs every goal and seed of the configuration and writes this folder's report.</summary>
    public Maze2DResults Run(CancellationToken cancel = default) => Run(Units(_c), writeReport: true, cancel);

    /// <summary>Runs the given (goal, seed) runs of the configuration, seed by seed; the report covers them only.</summary>
    public Maze2DResults Run(IReadOnlyCollection<(MazeGoal Goal, int Seed)> units, bool writeReport, CancellationToken cancel = default)
    {
        foreach (var (goal, seed) in units)
            if (!_c.Goals.Contains(goal) || !_c.Seeds.Contains(seed))
                throw new ArgumentException($"Maze2DExperiment: {goal.Label} seed {seed} is not a run of this configuration");
        Directory.CreateDirectory(_out);
        Engine.IO.DurableFile.WriteAllText(Path.Combine(_out, "config.json"), _c.ToJson());
        var task = _c.Task;
        var runs = new List<GoalRunResult>();
        var episodes = new Dictionary<string, int[]>();
        foreach (var seed in units.Select(u => u.Seed).Distinct().Order())
        {
            var goals = units.Where(u => u.Seed == seed).Select(u => u.Goal).Distinct().Order().ToList();
            var data = Timed($"data seed {seed}", () => Maze2DData.Prepare(_c, DataDir, seed, goals, _progress, cancel));
            foreach (var (k, v) in data.EpisodeCounts) episodes[$"{k} seed {seed}"] = [v.Train, v.Test];
            var baseModel = Timed($"diffusion: base seed {seed}", () => TrainDiffusion($"base-seed{seed}", data.BaseTrain,
                Maze2DData.BasePath(DataDir, _c, seed), Stream(seed, "diffusion/base"), cancel));
            foreach (var goal in goals)
            {
                var expert = Timed($"diffusion: expert {goal.Label} seed {seed}", () => TrainDiffusion($"expert-{goal.FileName}-seed{seed}", data.ExpertTrain[goal],
                    Maze2DData.ExpertPath(DataDir, _c, goal, seed), Stream(seed, "diffusion/expert", goal.Key), cancel));
                runs.Add(Timed($"reward: {goal.Label} seed {seed}", () => RunReward(task, data, baseModel, expert, goal, seed, cancel)));
            }
        }
        var results = new Maze2DResults
        {
            Config = _c,
            Runs = runs,
            StageSeconds = _seconds,
            DiffusionFinalLoss = _diffusionLoss,
            Episodes = episodes,
        };
        if (writeReport) Maze2DReport.Write(Summary(results), _curves, _out);
        _progress.Log($"{task.Layout.Name}: nearest-goal accuracy {AccuracySummary.Of(runs, x => x.NearestGoal, x => x.ChanceNearestGoal)}, " +
                      $"one-cell {AccuracySummary.Of(runs, x => x.Correct, x => x.ChanceWithinOneCell)}, mean held-out discriminability {100 * results.MeanDiscriminability:F2} %");
        return results;
    }

    /// <summary>The one-maze summary of a run of this folder, with its timings.</summary>
    public Maze2DSummary Summary(Maze2DResults results) => Maze2DSummary.Of([results.Config], results.Runs) with
    {
        StageSeconds = results.StageSeconds,
        DiffusionFinalLoss = results.DiffusionFinalLoss,
        Episodes = results.Episodes,
        WallSeconds = results.StageSeconds.Values.Sum(),
        Machine = results.Machine,
        HeatmapFiles = results.Runs.ToDictionary(x => (x.Maze, x.Goal, x.Seed), x => Path.Combine(_out, x.Heatmap)),
    };

    private T Timed<T>(string stage, Func<T> body)
    {
        var sw = Stopwatch.StartNew();
        var r = body();
        _seconds[stage] = Math.Round(sw.Elapsed.TotalSeconds, 1);
        return r;
    }

    private ulong Stream(int seed, string stage, params long[] indices) => Maze2DSeeds.Stream(_c.MazeTag, seed, stage, indices);

    private static string Fingerprint(params object[] parts) => JsonSerializer.Serialize(parts, Maze2DConfig.Json);

    private string DataDir => Path.Combine(_out, "data");

    private string ModelPath(string name) => Path.Combine(_out, "models", $"{name}.safetensors");

    /// <summary>The folder of one (goal, seed) run: its reward, discriminator, heatmaps and result.json.</summary>
    public static string RunFolder(string mazeFolder, MazeGoal goal, int seed) => Path.Combine(mazeFolder, goal.FileName, $"seed{seed}");

    /// <summary>What a goal's reward or discriminator stage reads: both data files and the upstream diffusion checkpoints.</summary>
    private StageInputs GoalInputs(MazeGoal goal, int seed, bool withExpertModel)
    {
        var inputs = new StageInputs()
            .Data("data: base", Maze2DData.BasePath(DataDir, _c, seed))
            .Data("data: expert", Maze2DData.ExpertPath(DataDir, _c, goal, seed))
            .File("model: base", ModelPath($"base-seed{seed}"));
        return withExpertModel ? inputs.File("model: expert", ModelPath($"expert-{goal.FileName}-seed{seed}")) : inputs;
    }

    /// <summary>Trains (or resumes, or loads) one diffusion model; returns its EMA diffusion.</summary>
    /// <param name="dataPath">The dataset's file: its name is part of the checkpoint's fingerprint, its SHA-256 of the recorded inputs.</param>
    private GaussianDiffusion TrainDiffusion(string name, SequenceDataset data, string dataPath, ulong seed, CancellationToken cancel)
    {
        var d = _c.Diffusion;
        var g = new Generator(seed);
        TemporalUnet Net() => new(d.Horizon, Maze2DData.TransitionDim, g, d.Dim, d.DimMults, attentionSlots: false);
        var net = Net();
        var ema = Net();
        var diffusion = new GaussianDiffusion(net, d.Horizon, Maze2DData.ObservationDim, Maze2DData.ActionDim, d.Steps,
            cosineSchedule: true, predictEpsilon: false, clipDenoised: true, actionWeight: 1);
        var trainer = new DiffusionTrainer(diffusion, ema, data, g.Split(), d.BatchSize, d.LearningRate, 1, d.EmaDecay, d.StepStartEma, d.UpdateEmaEvery)
        {
            Parallel = _parallel,
        };
        string path = ModelPath(name);
        var curve = CheckpointedTraining.Run($"diffusion: {name}", path, TrainingFingerprint(d, Path.GetFileName(dataPath), _c.Data.TestFraction, seed), d.TrainSteps, _c.CheckpointEvery,
            trainer, _progress, cancel, inputs: new StageInputs().Data("data", dataPath));
        _curves[$"diffusion {name}"] = curve;
        if (curve.Means.Count > 0) _diffusionLoss[name] = curve.Means[^1];
        ema.Eval();
        return trainer.EmaDiffusion;
    }

    private static Module WindowNet(Maze2DConfig.RewardSettings r, Generator g)
    {
        Func<Layer> act = r.Activation == "mish" ? () => new Mish() : () => new LeakyReLU();
        return new SingleStepRewardMLP(r.WindowHorizon, Maze2DData.TransitionDim, g, r.Dim, r.EmbedDim, r.DimMults, act);
    }

    private GoalRunResult RunReward(Maze2DTask task, Maze2DData data, GaussianDiffusion baseModel, GaussianDiffusion expert, MazeGoal goal, int seed, CancellationToken cancel)
    {
        var r = _c.RewardFor(goal);
        var dir = RunFolder(_out, goal, seed);
        Directory.CreateDirectory(dir);
        var g = new Generator(Stream(seed, "reward", goal.Key));
        var window = WindowNet(r, g);
        var emaWindow = WindowNet(r, g);
        var reward = new StridedWindowReward(window, r.WindowHorizon);
        var emaReward = new StridedWindowReward(emaWindow, r.WindowHorizon);
        var trainData = r.TrainData switch
        {
            "general" => new[] { data.BaseTrain },
            "expert" => [data.ExpertTrain[goal]],
            _ => [data.ExpertTrain[goal], data.BaseTrain],
        };
        var pairsGen = g.Split();
        // Built only when steps remain: a finished checkpoint is loaded without paying for the pairs.
        var source = new DeferredAlignmentSource(baseModel.Horizon, baseModel.TransitionDim, () =>
        {
            if (r.Algorithm == 1 && r.PairPool == 0) return new DataAlignmentSource(baseModel, expert, trainData);
            IAlignmentSource made;
            if (r.Algorithm == 1)
            {
                _progress.Begin($"pairs: {goal.Label} seed {seed}", r.PairPool);
                made = new PooledAlignmentSource(new DataAlignmentSource(baseModel, expert, trainData), r.PairPool, pairsGen, progress: new CallbackProgress<long>(v => _progress.Report(v)));
            }
            else
            {
                _progress.Begin($"pairs: {goal.Label} seed {seed}", 2L * r.ChainsPerModel * baseModel.Steps);
                made = ModelAlignmentSource.Generate(baseModel, expert, r.ChainsPerModel, pairsGen, progress: new CallbackProgress<long>(v => _progress.Report(v)));
            }
            _progress.End();
            return made;
        });
        var options = new RelativeRewardOptions
        {
            BatchSize = r.BatchSize, LearningRate = r.LearningRate, Point = r.Point, Target = r.Target,
            EmaDecay = r.EmaDecay, StepStartEma = r.StepStartEma, UpdateEmaEvery = r.UpdateEmaEvery,
        };
        var trainer = new RelativeRewardTrainer(reward, emaReward, source, g.Split(), options, baseModel.Schedule) { Parallel = _parallel };
        string path = Path.Combine(dir, "reward.safetensors");
        var curve = CheckpointedTraining.Run($"reward: {goal.Label} seed {seed}", path, TrainingFingerprint(r, _c.Diffusion, goal, seed), r.TrainSteps, _c.CheckpointEvery,
            trainer, _progress, cancel, source.Build, GoalInputs(goal, seed, withExpertModel: true));
        _curves[$"reward {goal.Label} seed {seed}"] = curve;

        // Evaluation, all on held-out episodes and with its own stream (independent of how far training ran).
        var eg = new Generator(Stream(seed, "evaluation", goal.Key));
        var heldOut = new DataAlignmentSource(baseModel, expert, [data.BaseTest, data.ExpertTest[goal]]).Next(eg, Math.Min(512, r.BatchSize * 2));
        double heldOutLoss = trainer.Evaluate(heldOut, ema: true);
        emaReward.Eval();
        var (goalX, goalY) = goal.Position(task);
        _progress.Begin($"evaluate: {goal.Label} seed {seed}", 3);
        var (smooth, (mx, my), correct) = Locate((ITrajectoryModel)emaWindow, r.WindowHorizon, task, data, baseModel, (goalX, goalY), eg);
        _progress.Report(1);

        int tMax = Math.Max(1, (int)Math.Floor(_c.Evaluation.NoiseFraction * baseModel.Steps));
        var disc = Discriminability((x, t) => emaReward.Forward(x, t), data, baseModel, goal, tMax, eg);
        var (discLow, discHigh) = EpisodeBootstrap.Interval([disc.HeldOut], Maze2DSeeds.Bootstrap([(task.Layout.Name, goal, seed)]));
        _progress.Report(2);

        var steeringSeed = eg.Split();
        var (unsteered, steered) = _c.Evaluation.SteeringSamples > 0 ? Steering(baseModel, GuidedSampler.AsReward(emaReward), data, goalX, goalY, steeringSeed) : (double.NaN, double.NaN);
        _progress.Report(3);
        _progress.End();

        double discAccuracy = double.NaN, discSteered = double.NaN;
        bool? discCorrect = null;
        if (_c.Discriminator.Enabled)
            (discAccuracy, discCorrect, discSteered) = Discriminator(task, data, baseModel, goal, seed, (goalX, goalY), tMax, dir, steeringSeed, cancel);

        string png = Path.Combine(dir, "heatmap.png");
        Maze2DReport.DrawHeatmap(task.Layout, smooth, (goalX, goalY), (mx, my), $"{task.Layout.Name} {goal.Label} seed {seed}", png);
        var (chanceOneCell, chanceNearest) = GoalCriteria.Chance(_c, goal);
        var result = new GoalRunResult
        {
            Maze = task.Layout.Name, Goal = goal, Seed = seed, Validation = Maze2DSeeds.IsValidation(seed),
            GoalX = goalX, GoalY = goalY, MaxX = mx, MaxY = my,
            Distance = GoalAccuracy.Distance((mx, my), (goalX, goalY)), Correct = correct,
            NearestGoal = GoalCriteria.IsNearest(_c, goal, (mx, my)),
            ChanceWithinOneCell = chanceOneCell, ChanceNearestGoal = chanceNearest,
            Discriminability = disc.TestBalancedAccuracy, DiscriminabilityLow = discLow, DiscriminabilityHigh = discHigh,
            DiscriminabilityTrain = disc.TrainBalancedAccuracy, HeldOut = disc.HeldOut,
            UnsteeredGoalDistance = unsteered, SteeredGoalDistance = steered,
            DiscriminatorDiscriminability = discAccuracy, DiscriminatorCorrect = discCorrect, DiscriminatorSteeredGoalDistance = discSteered,
            FinalRewardLoss = curve.Means.Count > 0 ? curve.Means[^1] : double.NaN, HeldOutRewardLoss = heldOutLoss,
            Heatmap = Path.GetRelativePath(_out, png).Replace('\\', '/'),
        };
        string resultPath = Path.Combine(dir, "result.json");
        Engine.IO.DurableFile.WriteAllText(resultPath, JsonSerializer.Serialize(result, Maze2DResults.Json));
        Engine.IO.HashSidecar.Write(resultPath); // a merge refuses a damaged result by name
        _progress.Log($"{task.Layout.Name} {goal.Label} seed {seed}: maximum at ({mx:F2}, {my:F2}), {(correct ? "within" : "NOT within")} one cell of the goal ({goalX}, {goalY}), " +
                      $"nearest goal {(result.NearestGoal ? "yes" : "no")}; held-out discriminability {100 * disc.TestBalancedAccuracy:F1} % [{100 * discLow:F1}, {100 * discHigh:F1}]");
        return result;
    }

    /// <summary>
    /// Plans from held-out start states with the base model, unguided and guided by the learned reward
    /// (ω = steeringScale, every step, one guide step, gradient not scaled by the variance); returns the mean
    /// distance of planned positions to the goal for both. Same noise for both, so the difference is the guidance.
    /// </summary>
    /// <param name="g">Left untouched: each call starts from its position, so every guide sees the same starts and noise.</param>
    private (double Unsteered, double Steered) Steering(GaussianDiffusion baseModel, Reward reward, Maze2DData data, double gx, double gy, Generator g)
    {
        int n = _c.Evaluation.SteeringSamples;
        var (key, offset) = g.State;
        var picks = Generator.FromState(key, offset);
        var idx = Enumerable.Range(0, n).Select(_ => (int)picks.NextInt(data.BaseTest.Count)).ToArray();
        (key, offset) = picks.State;
        var (_, conds) = data.BaseTest.Batch(idx);
        var cond = new Conditioning(new Dictionary<int, Tensor> { [0] = conds[0] }, n, baseModel.Horizon, baseModel.TransitionDim, baseModel.ActionDim, DType.Float32);
        var plain = baseModel.PSampleLoop(n, cond, Generator.FromState(key, offset));
        var guided = new GuidedSampler(baseModel, reward, new GuideOptions(_c.Evaluation.SteeringScale, TStopgrad: 0, NGuideSteps: 1, ScaleGradByStd: false))
            .Sample(n, cond, Generator.FromState(key, offset));
        return (MeanGoalDistance(plain), MeanGoalDistance(guided));

        double MeanGoalDistance(Tensor plans)
        {
            int horizon = baseModel.Horizon, transitionDim = baseModel.TransitionDim, actionDim = baseModel.ActionDim, obsDim = transitionDim - actionDim;
            var v = plans.ToArrayDouble();
            double sum = 0;
            int count = 0;
            for (int b = 0; b < n; b++)
            {
                var obs = new double[horizon * obsDim];
                for (int h = 0; h < horizon; h++) Array.Copy(v, (b * horizon + h) * transitionDim + actionDim, obs, h * obsDim, obsDim);
                var world = data.Observations.Unnormalize(obs);
                for (int h = 1; h < horizon; h++) { sum += Math.Sqrt(Math.Pow(world[h * obsDim] - gx, 2) + Math.Pow(world[h * obsDim + 1] - gy, 2)); count++; }
            }
            return sum / count;
        }
    }

    /// <summary>The heatmap of a window network over held-out base windows, smoothed once; its maximum and the one-cell test.</summary>
    private (double[,] Smooth, (double X, double Y) Max, bool Correct) Locate(ITrajectoryModel window, int windowHorizon, Maze2DTask task, Maze2DData data,
        GaussianDiffusion baseModel, (double X, double Y) goal, Generator g)
    {
        var heatmap = Maze2DEvaluation.Heatmap(window, windowHorizon, data.BaseTest, baseModel.Schedule, task.Layout, _c.Evaluation.HeatmapSequences, g);
        var smooth = heatmap.Smooth(_c.Evaluation.Smoothing, _c.Evaluation.SmoothingBins);
        var max = heatmap.ArgMax(smooth);
        return (smooth, max, GoalAccuracy.IsWithinOneCell(max, goal));
    }

    /// <summary>Held-out discriminability of a score: fitted on the training splits, tested on the held-out ones.</summary>
    private Maze2DEvaluation.Discriminability Discriminability(Func<Tensor, Tensor, Tensor> score, Maze2DData data, GaussianDiffusion baseModel, MazeGoal goal, int tMax, Generator g) =>
        Maze2DEvaluation.Discriminate(score, data.BaseTrain, data.ExpertTrain[goal], data.BaseTest, data.ExpertTest[goal], baseModel, _c.Evaluation.DiscriminabilitySamples, tMax, g);

    /// <summary>
    /// The baseline: a classifier with the reward's architecture trained to tell expert from base windows at
    /// the diffusion noise levels; scored exactly as the reward (held-out discriminability, heatmap goal test).
    /// </summary>
    private (double Accuracy, bool Correct, double SteeredDistance) Discriminator(Maze2DTask task, Maze2DData data, GaussianDiffusion baseModel, MazeGoal goal, int seed,
        (double X, double Y) goalXY, int tMax, string dir, Generator steeringSeed, CancellationToken cancel)
    {
        var r = _c.RewardFor(goal);
        var dc = _c.Discriminator;
        var g = new Generator(Stream(seed, "discriminator", goal.Key));
        var window = WindowNet(r, g);
        var emaWindow = WindowNet(r, g);
        var net = new StridedWindowReward(window, r.WindowHorizon);
        var ema = new StridedWindowReward(emaWindow, r.WindowHorizon);
        var options = new DiscriminatorOptions(BatchSize: dc.BatchSize - dc.BatchSize % 2, LearningRate: dc.LearningRate, StepStartEma: r.StepStartEma, UpdateEmaEvery: r.UpdateEmaEvery);
        var trainer = new DiscriminatorTrainer(baseModel, net, ema, data.ExpertTrain[goal], data.BaseTrain, g.Split(), options);
        string path = Path.Combine(dir, "discriminator.safetensors");
        var curve = CheckpointedTraining.Run($"discriminator: {goal.Label} seed {seed}", path, Fingerprint(dc, r.WindowHorizon, r.Dim, r.DimMults, r.EmbedDim, r.Activation, _c.Diffusion, goal, seed),
            dc.TrainSteps, _c.CheckpointEvery, trainer, _progress, cancel, inputs: GoalInputs(goal, seed, withExpertModel: false));
        _curves[$"discriminator {goal.Label} seed {seed}"] = curve;
        ema.Eval();
        var eg = new Generator(Stream(seed, "evaluation/discriminator", goal.Key));
        var disc = Discriminability((x, t) => DiscriminatorGuide.Logits(ema, x, t), data, baseModel, goal, tMax, eg);
        var (smooth, max, correct) = Locate((ITrajectoryModel)emaWindow, r.WindowHorizon, task, data, baseModel, goalXY, eg);
        Maze2DReport.DrawHeatmap(task.Layout, smooth, goalXY, max, $"{task.Layout.Name} {goal.Label} seed {seed}: discriminator", Path.Combine(dir, "discriminator-heatmap.png"));
        double steered = _c.Evaluation.SteeringSamples > 0 ? Steering(baseModel, trainer.AsGuide(), data, goalXY.X, goalXY.Y, steeringSeed).Steered : double.NaN;
        return (disc.TestBalancedAccuracy, correct, steered);
    }
}
