using System.Diagnostics;
using System.Text.Json;
using Engine.Diffusion;
using Engine.Envs.Datasets;
using Engine.Envs.MuJoCo.Locomotion;
using Engine.NN;
using Engine.Rewards.Discriminator;
using Engine.Rewards.Extraction;
using Engine.Rewards.Steering;
using DiffusionEpisode = Engine.Diffusion.Episode;

namespace Engine.Experiments.Locomotion.Steering;

/// <summary>The four rollout conditions of Table 1.</summary>
public enum Condition { BaseUnsteered, BaseDiscriminator, BaseReward, ExpertUnsteered }

/// <summary>What one process's part of a robot's run found: the results when every rollout condition is done, else the conditions still missing.</summary>
public sealed record LocomotionShardOutcome(LocomotionResults? Results, IReadOnlyList<string> Missing);

/// <summary>
/// The paper's locomotion experiment for one robot (§5.2, Table 1): data → base and expert Diffusers → relative
/// reward (Algorithm 1 on balanced mixed data, the expert data renormalised with the base normaliser) and the
/// discriminator baseline → rollouts of the base model unsteered, steered by the discriminator and by the reward,
/// and of the expert model → report. Every stage checkpoints under the output folder and resumes; finished
/// rollouts are kept per condition. Shards of a sweep (<see cref="LocomotionShards"/>) share the folder: each makes its
/// own conditions, the training stages are trained once under per-stage locks, and whoever finds every condition done
/// writes the report (<see cref="Run(IReadOnlyCollection{string}?, bool, CancellationToken)"/>). Every stage records the SHA-256 of the files it reads (data files, upstream
/// checkpoints; <see cref="StageInputs"/>) and refuses to reuse what it made from files that have changed since.
/// </summary>
public sealed class LocomotionExperiment
{
    private readonly LocomotionExperimentConfig _c;
    private readonly string _outDir;
    private readonly IExperimentProgress _progress;
    private readonly int _workers;
    private readonly Dictionary<string, LossCurve> _curves = [];
    private readonly Dictionary<string, double> _seconds = [];
    private readonly Dictionary<string, double> _stepsPerSecond = [];
    private string _basePath = "", _expertPath = "";

    /// <param name="config">The robot's settings.</param>
    /// <param name="outDir">Its run folder (a rerun resumes there).</param>
    /// <param name="progress">Stage progress.</param>
    /// <param name="workers">Parallel simulations (0: all cores).</param>
    /// <param name="exchange">The processes that share each training step (the config's MicroBatches split among them); default: this process alone.</param>
    public LocomotionExperiment(LocomotionExperimentConfig config, string outDir, IExperimentProgress? progress = null, int workers = 0, IGradientExchange? exchange = null)
    {
        _c = config.Validated();
        _outDir = Path.GetFullPath(outDir);
        _progress = progress ?? SilentProgress.Instance;
        _workers = workers;
        _parallel = new DataParallel(_c.MicroBatches, exchange ?? SingleProcessExchange.Instance);
    }

    private readonly DataParallel _parallel;

    /// <summary>A training stage's fingerprint (<see cref="MicroBatchFingerprint"/>).</summary>
    private string TrainingFingerprint(params object[] parts) => MicroBatchFingerprint.Of(Fingerprint(parts), _c.MicroBatches);

    /// <summary>Runs every stage and every rollout condition and writes the report.</summary>
    public LocomotionResults Run(CancellationToken cancel = default) =>
        Run(null, writeReport: true, cancel).Results ?? throw new InvalidOperationException("a whole locomotion run left conditions undone");

    /// <summary>
    /// Runs the training stages and the rollout conditions in <paramref name="units"/> (null: all of <see cref="Units"/>);
    /// the other conditions are read from their rollouts files when another process (a shard) has made them. When every
    /// condition is there, the report is written (if <paramref name="writeReport"/>) and the results returned.
    /// Processes sharing the folder train each stage once: the first takes the stage's lock and trains or resumes it,
    /// the others wait and load the finished checkpoint.
    /// </summary>
    public LocomotionShardOutcome Run(IReadOnlyCollection<string>? units, bool writeReport, CancellationToken cancel = default)
    {
        Directory.CreateDirectory(_outDir);
        Engine.IO.DurableFile.WriteAllText(Path.Combine(_outDir, "config.json"), _c.ToJson());
        var unknown = units?.FirstOrDefault(u => !Units(_c).Contains(u));
        if (unknown is not null) throw new ArgumentException($"LocomotionExperiment: '{unknown}' is not a rollout condition of this run");
        _mine = units is null ? null : [.. units];
        var task = _c.Task;
        var (baseEpisodes, expertEpisodes, dataNote) = Timed("data", LoadData);
        var d = _c.Diffusion;
        var baseData = new SequenceDataset(baseEpisodes, d.Horizon, task.MaxEpisodeSteps, usePadding: true, PaddingRule.LocomotionFork, normalizer: "gaussian");
        var expertData = new SequenceDataset(expertEpisodes, d.Horizon, task.MaxEpisodeSteps, usePadding: true, PaddingRule.LocomotionFork, normalizer: "gaussian");
        // The reward and the discriminator see expert windows in the base model's coordinates (docs/reference-facts.md §4).
        var expertInBase = new SequenceDataset(expertEpisodes, d.Horizon, task.MaxEpisodeSteps, usePadding: true, PaddingRule.LocomotionFork,
            observationNormalizer: baseData.ObservationNormalizer, actionNormalizer: baseData.ActionNormalizer);

        GaussianDiffusion baseModel = null!, expertModel = null!;
        Reward reward = null!, discriminator = null!;
        // Each pair is independent: with another process training one, this one trains the other meanwhile.
        Independent(cancel, ("diffusion: base", "base", () => baseModel = TrainDiffusion("base", baseData, _basePath, cancel)),
            ("diffusion: expert", "expert", () => expertModel = TrainDiffusion("expert", expertData, _expertPath, cancel)));
        Independent(cancel, ("reward", "reward", () => reward = TrainReward(baseModel, expertModel, baseData, expertInBase, cancel)),
            ("discriminator", "discriminator", () => discriminator = TrainDiscriminator(baseModel, baseData, expertInBase, cancel)));

        var all = new Dictionary<string, List<RolloutEpisode>>();
        var missing = new List<string>();
        void Unit(string name, string stage, GaussianDiffusion model, SequenceDataset data, GuidedSampler sampler, StageInputs inputs)
        {
            if (Rollouts(name, stage, model, data, sampler, inputs, cancel) is { } episodes) all[name] = episodes;
            else missing.Add(name);
        }
        var rewardGuide = _c.RewardGuide();
        var discriminatorGuide = _c.DiscriminatorGuide();
        foreach (var condition in Enum.GetValues<Condition>())
        {
            var (model, data, sampler) = condition switch
            {
                Condition.BaseUnsteered => (baseModel, baseData, new GuidedSampler(baseModel, reward, rewardGuide with { Scale = 0 })),
                Condition.BaseDiscriminator => (baseModel, baseData, new GuidedSampler(baseModel, discriminator, discriminatorGuide)),
                Condition.BaseReward => (baseModel, baseData, new GuidedSampler(baseModel, reward, rewardGuide)),
                _ => (expertModel, expertData, new GuidedSampler(expertModel, reward, rewardGuide with { Scale = 0 })),
            };
            var inputs = RolloutInputs(condition == Condition.ExpertUnsteered ? "expert" : "base",
                condition switch { Condition.BaseDiscriminator => "discriminator", Condition.BaseReward => "reward", _ => null });
            Unit(condition.ToString(), $"rollouts: {condition}", model, data, sampler, inputs);
        }
        // Table 3: the reward-steered base model over a grid of ω × t_stopgrad.
        foreach (var scale in _c.Ablations.GridScales)
            foreach (var stop in _c.Ablations.GridTStopgrad)
            {
                var name = GridName(scale, stop);
                Unit(name, $"rollouts: {name}", baseModel, baseData,
                    new GuidedSampler(baseModel, reward, rewardGuide with { Scale = scale, TStopgrad = stop }), RolloutInputs("base", scale == 0 ? null : "reward"));
            }
        // Table 8: a base model the reward was not trained against.
        if (_c.Ablations.SecondBase)
        {
            var secondBase = Timed("diffusion: base (second seed)", () => Locked("base-seed2", () => TrainDiffusion("base-seed2", baseData, _basePath, cancel), cancel));
            var ablationGuide = SteeringPresets.Locomotion(task.Name, SteeringSource.RewardPaperAblation);
            Unit(SecondBaseUnsteered, "rollouts: second base", secondBase, baseData,
                new GuidedSampler(secondBase, reward, ablationGuide with { Scale = 0 }), RolloutInputs("base-seed2", null));
            Unit(SecondBaseReward, "rollouts: second base + reward", secondBase, baseData,
                new GuidedSampler(secondBase, reward, ablationGuide), RolloutInputs("base-seed2", "reward"));
        }
        if (missing.Count > 0) return new LocomotionShardOutcome(null, missing);
        var results = new LocomotionResults(_c, dataNote, all, rewardGuide, discriminatorGuide, _seconds, _stepsPerSecond);
        if (writeReport)
        {
            // Two shards that finish together may both find every condition done: one writes at a time (the same report).
            using var reportLock = Engine.IO.StageLock.Wait(Path.Combine(_outDir, ".report.lock"), cancel: cancel);
            // The curves in the stages' order, whichever order this process trained them in.
            string[] order = ["diffusion base", "diffusion expert", "reward", "discriminator", "diffusion base-seed2"];
            LocomotionReport.Write(results, order.Where(_curves.ContainsKey).ToDictionary(k => k, k => _curves[k]), _outDir);
        }
        return new LocomotionShardOutcome(results, []);
    }

    /// <summary>
    /// The rollout conditions of a robot's run in their canonical order — Table 1's four, the guidance grid's cells
    /// (ω-major), the second base's two — the units a sweep's shards split.
    /// </summary>
    public static IReadOnlyList<string> Units(LocomotionExperimentConfig c)
    {
        var units = Enum.GetValues<Condition>().Select(x => x.ToString()).ToList();
        foreach (var scale in c.Ablations.GridScales)
            foreach (var stop in c.Ablations.GridTStopgrad)
                units.Add(GridName(scale, stop));
        if (c.Ablations.SecondBase) units.AddRange([SecondBaseUnsteered, SecondBaseReward]);
        return units;
    }

    /// <summary>The conditions this process makes (null: all).</summary>
    private HashSet<string>? _mine;

    /// <summary>
    /// Training stages that do not need each other, each under its lock (<see cref="Locked{T}"/>): the first whose lock
    /// is free runs first — so two processes reaching them together train one each — and a stage another process holds
    /// is waited for only when nothing else is left. Their times enter <c>_seconds</c> in the given order.
    /// </summary>
    private void Independent(CancellationToken cancel, params (string Stage, string Name, Action Body)[] stages)
    {
        var pending = stages.ToList();
        var seconds = new Dictionary<string, double>();
        while (pending.Count > 0)
        {
            Engine.IO.StageLock? held = null;
            int next = pending.FindIndex(s => (held = Engine.IO.StageLock.TryAcquire(LockPath(s.Name))) is not null);
            if (next < 0)
            {
                next = 0;
                held = WaitForLock(pending[0].Name, cancel);
            }
            var sw = Stopwatch.StartNew();
            using (held) pending[next].Body();
            seconds[pending[next].Stage] = Math.Round(sw.Elapsed.TotalSeconds, 1);
            pending.RemoveAt(next);
        }
        foreach (var (stage, _, _) in stages) _seconds[stage] = seconds[stage];
    }

    private string LockPath(string stage) => Path.Combine(_outDir, "models", $".{stage}.lock");

    private Engine.IO.StageLock WaitForLock(string stage, CancellationToken cancel) =>
        Engine.IO.StageLock.Wait(LockPath(stage), () => _progress.Log($"{stage}: another process is training it; waiting for its checkpoint"), cancel: cancel);

    /// <summary>
    /// A training stage under its lock, <c>models/.&lt;name&gt;.lock</c>: of the processes sharing this folder one trains
    /// (or resumes) it while the others wait, then find the finished checkpoint and load it.
    /// </summary>
    private T Locked<T>(string name, Func<T> stage, CancellationToken cancel)
    {
        using var stageLock = WaitForLock(name, cancel);
        return stage();
    }

    public const string SecondBaseUnsteered = "SecondBaseUnsteered", SecondBaseReward = "SecondBaseReward";

    public static string GridName(double scale, int tStopgrad) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Grid ω={scale} t_stopgrad={tStopgrad}");

    private T Timed<T>(string stage, Func<T> body)
    {
        var sw = Stopwatch.StartNew();
        var r = body();
        _seconds[stage] = Math.Round(sw.Elapsed.TotalSeconds, 1);
        return r;
    }

    /// <summary>The base (or medium) and expert datasets of the robot, made by the dataset suite when missing.</summary>
    private (List<DiffusionEpisode> Base, List<DiffusionEpisode> Expert, string Note) LoadData()
    {
        var kind = _c.Task.Kind;
        var baseKind = _c.BaseData == "medium" ? LocomotionDatasetKind.Medium : LocomotionDatasetKind.Base;
        _basePath = Path.Combine(_c.DataDir, LocomotionDatasetSuite.FileName(kind, baseKind, "hdf5"));
        _expertPath = Path.Combine(_c.DataDir, LocomotionDatasetSuite.FileName(kind, LocomotionDatasetKind.Expert, "hdf5"));
        bool Present() => File.Exists(_basePath) && File.Exists(_expertPath);
        // Shards of a sweep share the data folder: one makes missing datasets while the others wait (no lock, and so no
        // write, in a folder that already holds them).
        using var dataLock = Present() ? null : Engine.IO.StageLock.Wait(Path.Combine(_c.DataDir, $".{_c.Task.Name}.lock"),
            () => _progress.Log($"data: another process is making the {_c.Task.Name} datasets; waiting"));
        if (!Present())
        {
            _progress.Log($"data: {_basePath} or {_expertPath} missing; making the {_c.Task.Name} datasets");
            new LocomotionDatasetSuite(_c.DataDir, _c.Seed, _workers, _progress).Run(LocomotionDatasetPlan.Default(kind));
        }
        return (Episodes(_basePath), Episodes(_expertPath), $"{Path.GetFileName(_basePath)} / {Path.GetFileName(_expertPath)} in {_c.DataDir}");
    }

    /// <summary>A dataset's episodes, after checking the file against its <c>.sha256</c> sidecar.</summary>
    private static List<DiffusionEpisode> Episodes(string path)
    {
        Engine.IO.HashSidecar.Verify(path);
        var data = D4rlHdf5.Read(path);
        return DiffusionEpisode.Split(Array.ConvertAll(data.Observations, v => (double)v), Array.ConvertAll(data.Actions, v => (double)v),
            data.Terminals, data.Timeouts, data.ObservationDim, data.ActionDim);
    }

    private static string Fingerprint(params object[] parts) => JsonSerializer.Serialize(parts, LocomotionExperimentConfig.Json);

    private string ModelPath(string name) => Path.Combine(_outDir, "models", $"{name}.safetensors");

    private StageInputs DataInputs() => new StageInputs().Data("data: base", _basePath).Data("data: expert", _expertPath);

    /// <summary>What a rollout condition reads: the data (its normalisers), the planning model and the guide's checkpoint, if it steers.</summary>
    private StageInputs RolloutInputs(string model, string? guide)
    {
        var inputs = DataInputs().File("model", ModelPath(model));
        return guide is null ? inputs : inputs.File("guide", ModelPath(guide));
    }

    private GaussianDiffusion TrainDiffusion(string name, SequenceDataset data, string dataPath, CancellationToken cancel)
    {
        var d = _c.Diffusion;
        var g = ExperimentSeeds.Generator(_c.Seed, $"diffusion/{name}");
        TemporalUnet Net() => new(d.Horizon, data.TransitionDim, g, d.Dim, d.DimMults, attentionSlots: true, attention: d.Attention);
        var net = Net();
        var ema = Net();
        var diffusion = new GaussianDiffusion(net, d.Horizon, data.ObservationDim, data.ActionDim, d.Steps,
            cosineSchedule: true, predictEpsilon: false, clipDenoised: false, actionWeight: d.ActionWeight);
        var trainer = new DiffusionTrainer(diffusion, ema, data, g.Split(), d.BatchSize, d.LearningRate, 1, d.EmaDecay, d.StepStartEma, d.UpdateEmaEvery)
        {
            Parallel = _parallel,
        };
        string path = ModelPath(name);
        _curves[$"diffusion {name}"] = CheckpointedTraining.Run($"diffusion: {name}", path, TrainingFingerprint(d, _c.Env, _c.BaseData, _c.Seed, data.Count, name),
            d.TrainSteps, _c.CheckpointEvery, trainer, _progress, cancel, inputs: new StageInputs().Data("data", dataPath));
        ema.Eval();
        return trainer.EmaDiffusion;
    }

    private ValueFunction RewardNet(Generator g, int transitionDim) => ValueFunction.RelativeReward(_c.Diffusion.Horizon, transitionDim, g);

    private Reward TrainReward(GaussianDiffusion baseModel, GaussianDiffusion expertModel, SequenceDataset baseData, SequenceDataset expertInBase, CancellationToken cancel)
    {
        var r = _c.Reward;
        var g = ExperimentSeeds.Generator(_c.Seed, "reward");
        var net = RewardNet(g, baseData.TransitionDim);
        var ema = RewardNet(g, baseData.TransitionDim);
        var pairs = g.Split();
        IAlignmentSource? made = null;
        var inner = new DataAlignmentSource(baseModel, expertModel, [expertInBase, baseData]);
        var source = new DeferredAlignmentSource(baseModel.Horizon, baseModel.TransitionDim, () =>
        {
            if (r.PairPool == 0) return inner;
            _progress.Begin("reward: pairs", r.PairPool);
            made = new PooledAlignmentSource(inner, r.PairPool, pairs, progress: new CallbackProgress<long>(v => _progress.Report(v)));
            _progress.End();
            return made;
        });
        var options = new RelativeRewardOptions
        {
            BatchSize = r.BatchSize, LearningRate = r.LearningRate, StepStartEma = r.StepStartEma, UpdateEmaEvery = r.UpdateEmaEvery,
            ClipValue = r.GradClip > 0 ? r.GradClip : null,
        };
        var trainer = new RelativeRewardTrainer(net, ema, source, g.Split(), options, baseModel.Schedule) { Parallel = _parallel };
        string path = ModelPath("reward");
        var inputs = DataInputs().File("model: base", ModelPath("base")).File("model: expert", ModelPath("expert"));
        _curves["reward"] = CheckpointedTraining.Run("reward", path, TrainingFingerprint(r, _c.Diffusion, _c.Env, _c.BaseData, _c.Seed), r.TrainSteps, _c.CheckpointEvery,
            trainer, _progress, cancel, source.Build, inputs);
        ema.Eval();
        return GuidedSampler.AsReward(ema);
    }

    private Reward TrainDiscriminator(GaussianDiffusion baseModel, SequenceDataset baseData, SequenceDataset expertInBase, CancellationToken cancel)
    {
        var dc = _c.Discriminator;
        var g = ExperimentSeeds.Generator(_c.Seed, "discriminator");
        var net = RewardNet(g, baseData.TransitionDim);
        var ema = RewardNet(g, baseData.TransitionDim);
        var options = new DiscriminatorOptions(BatchSize: dc.BatchSize - dc.BatchSize % 2, LearningRate: dc.LearningRate,
            StepStartEma: _c.Reward.StepStartEma, UpdateEmaEvery: _c.Reward.UpdateEmaEvery);
        var trainer = new DiscriminatorTrainer(baseModel, net, ema, expertInBase, baseData, g.Split(), options);
        string path = ModelPath("discriminator");
        _curves["discriminator"] = CheckpointedTraining.Run("discriminator", path, Fingerprint(dc, _c.Reward.StepStartEma, _c.Diffusion, _c.Env, _c.BaseData, _c.Seed),
            dc.TrainSteps, _c.CheckpointEvery, trainer, _progress, cancel, inputs: DataInputs().File("model: base", ModelPath("base")));
        ema.Eval();
        return trainer.AsGuide();
    }

    /// <summary>
    /// One condition's rollouts, kept in <c>rollouts/&lt;condition&gt;.json</c> (with a SHA-256 sidecar) once finished, with
    /// the settings that made them (redone when they differ) and the hashes of the files they were made from (refused
    /// when one changed). A condition of this process's (<see cref="_mine"/>) is made under its lock when not finished; any
    /// other is only read, and null when its process has not finished it. A damaged file, or one holding another robot's
    /// or condition's rollouts, is refused by name. <c>_seconds[stage]</c> is the time the rollouts took when they were made.
    /// </summary>
    private List<RolloutEpisode>? Rollouts(string condition, string stage, GaussianDiffusion model, SequenceDataset data, GuidedSampler sampler,
        StageInputs inputs, CancellationToken cancel)
    {
        var ro = _c.Rollouts;
        string file = string.Concat(condition.Select(ch => char.IsLetterOrDigit(ch) || ch == '.' ? ch : '_'));
        string path = Path.Combine(_outDir, "rollouts", $"{file}.json");
        // What the rollouts depend on: the models (diffusion, reward, discriminator settings) and the rollout settings, not the ablation lists.
        string fingerprint = Fingerprint(_c with { CheckpointEvery = 0, Ablations = new() }, sampler.Options, condition);
        bool mine = _mine is null || _mine.Contains(condition);
        // Two processes never make one condition: the second is refused (the same shard started twice).
        using var unitLock = mine ? Engine.IO.StageLock.TryAcquire(Path.Combine(_outDir, "rollouts", $".{file}.lock"))
            ?? throw new Engine.IO.InputException("rollouts in use", Engine.IO.InputException.Location(path),
                "another engine process is making these rollouts (the same shard started twice?); wait for it to finish")
            : null;
        if (Saved(path, condition, fingerprint, inputs) is { } saved)
        {
            _progress.Log($"rollouts {condition}: complete in {path}");
            _stepsPerSecond[condition] = saved.StepsPerSecond;
            _seconds[stage] = saved.Seconds ?? 0;
            return saved.Episodes;
        }
        if (!mine) return null;
        cancel.ThrowIfCancellationRequested();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var rollouts = new SteeredRollouts(_c.Task, model, data.ObservationNormalizer, data.ActionNormalizer, _workers);
        var frames = new List<Limb[]>();
        _progress.Log($"rollouts {condition}: ω {sampler.Options.Scale}, t_stopgrad {sampler.Options.TStopgrad}, guidance {(sampler.IsActive ? "on" : "off")}");
        var sw = Stopwatch.StartNew();
        var episodes = rollouts.Run(rollouts.PlannerOf(sampler), ro.Episodes, ExperimentSeeds.Derive(_c.Seed, "rollouts/environments"),
            new Generator(ExperimentSeeds.Derive(_c.Seed, "rollouts/noise/" + condition)), ro.MaxSteps, ro.StopBelow, _progress, f => frames.Add(f));
        long envSteps = episodes.Sum(e => (long)e.Length);
        _stepsPerSecond[condition] = envSteps / sw.Elapsed.TotalSeconds;
        if (frames.Count > 0)
            RolloutRenderer.Draw(frames.Where((_, i) => i % Math.Max(1, frames.Count / 12) == 0).ToList(),
                title: $"{_c.Task.Name} {condition}: episode 0, score {episodes[0].Score:F1}").SavePngAndSvg(Path.Combine(_outDir, "rollouts", $"{file}.png"));
        _seconds[stage] = Math.Round(sw.Elapsed.TotalSeconds, 1);
        // The figure is drawn first: a finished rollouts file means the condition is complete, for this process and for the shards that read it.
        Engine.IO.HashSidecar.Invalidate(path);
        Engine.IO.DurableFile.WriteAllText(path, JsonSerializer.Serialize(
            new SavedRollouts(fingerprint, episodes, _stepsPerSecond[condition], inputs.Encode(), _c.Env, condition, _seconds[stage]), LocomotionExperimentConfig.Json));
        Engine.IO.HashSidecar.Write(path);
        _progress.Log($"rollouts {condition}: mean score {episodes.Average(e => e.Score):F2} over {episodes.Count} episodes, {envSteps / sw.Elapsed.TotalSeconds:F1} environment steps/s");
        return episodes;
    }

    /// <summary>
    /// The finished rollouts at <paramref name="path"/> made with <paramref name="fingerprint"/>; null when there are none
    /// or they were made with other settings (to be made again). Damage, another robot's or condition's rollouts, and
    /// changed input files are refused with the file's name.
    /// </summary>
    private SavedRollouts? Saved(string path, string condition, string fingerprint, StageInputs inputs)
    {
        if (!File.Exists(path)) return null;
        var saved = Engine.IO.DamagedFile.Guard("corrupt rollouts file", path, () =>
        {
            // Files written before shards have no sidecar: nothing to compare.
            if (Engine.IO.HashSidecar.Read(path) is { } recorded && recorded != Engine.IO.ContentHash.Sha256(path))
                throw new Engine.IO.InputException("corrupt rollouts file", Engine.IO.InputException.Location(path),
                    $"its SHA-256 differs from its sidecar's ({Path.GetFileName(Engine.IO.HashSidecar.PathOf(path))}); delete both to make these rollouts again");
            return JsonSerializer.Deserialize<SavedRollouts>(File.ReadAllText(path), LocomotionExperimentConfig.Json);
        });
        if (saved?.Condition is { } held && (held != condition || saved.Env != _c.Env))
            throw new Engine.IO.InputException("foreign rollouts file", Engine.IO.InputException.Location(path),
                $"it holds {saved.Env} {held}, this place is {_c.Env} {condition}; delete it, or rerun the shard that makes {condition} into this folder");
        if (saved is null || saved.Fingerprint != fingerprint || saved.Episodes is not { Count: > 0 }) return null;
        inputs.Check(saved.Inputs, path);
        return saved;
    }

    /// <param name="Inputs">The <see cref="StageInputs"/> record; null in rollouts files written before inputs were recorded.</param>
    /// <param name="Env">The robot; null in files written before shards.</param>
    /// <param name="Condition">The condition; null in files written before shards.</param>
    /// <param name="Seconds">How long the rollouts took; null in files written before shards.</param>
    private sealed record SavedRollouts(string Fingerprint, List<RolloutEpisode> Episodes, double StepsPerSecond, string? Inputs = null,
        string? Env = null, string? Condition = null, double? Seconds = null);
}
