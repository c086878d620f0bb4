using System.Text.Json;
using Engine.Autodiff;
using Engine.Diffusion;
using Engine.NN;
using Engine.Rewards.Extraction;

namespace Engine.Experiments.Images;

/// <summary>
/// The paper's §5.3 on scenes of our own: data → base diffusion model (all scenes) and "safe" model (scenes without
/// the attribute) → Algorithm 2's tuples from both models' chains, standard-scaled per step → relative reward →
/// evaluation on held-out scenes and model samples → steering the base model. Every stage writes its result under the
/// output folder and a rerun reuses or resumes it: trainers checkpoint every <see cref="ImagesConfig.CheckpointEvery"/>
/// steps, the tuple, evaluation and steering stages write their file at their end. Every random stream is named by
/// its stage (<see cref="ExperimentSeeds"/>), so a resumed run gives the uninterrupted run's numbers bit for bit.
/// </summary>
public sealed class ImagesExperiment
{
    private readonly ImagesConfig _c;
    private readonly string _out;
    private readonly IExperimentProgress _progress;
    private readonly Dictionary<string, double> _finalLoss = [];

    public ImagesExperiment(ImagesConfig config, string outDir, IExperimentProgress? progress = null)
    {
        _c = config.Validated();
        _out = Path.GetFullPath(outDir);
        _progress = progress ?? SilentProgress.Instance;
    }

    public string ResultsPath => Path.Combine(_out, "results.json");
    public string GridPath => Path.Combine(_out, "reward-grid.png");
    private string ModelPath(string name) => Path.Combine(_out, "models", $"{name}.safetensors");
    private string TuplesPath => Path.Combine(_out, "tuples.safetensors");
    private string ScalingPath => Path.Combine(_out, "scaling.safetensors");
    private string EvaluationPath => Path.Combine(_out, "evaluation.json");
    private string SteeringPath => Path.Combine(_out, "steering.json");

    private Generator Stream(string stage) => ExperimentSeeds.Generator((ulong)_c.Seed, "images/" + stage);
    private static string Fingerprint(params object[] parts) => JsonSerializer.Serialize(parts, ImagesConfig.Json);

    /// <summary>Runs (or resumes) every stage and writes results.json; returns what it wrote.</summary>
    public ImagesResults Run(CancellationToken cancel = default)
    {
        Directory.CreateDirectory(_out);
        Engine.IO.DurableFile.WriteAllText(Path.Combine(_out, "config.json"), _c.ToJson());
        var d = _c.Data;
        var train = ImageSet.Scenes(Stream("data/train"), d.TrainImages, d.Size, d.AttributeFraction, d.Attribute);
        var heldOut = ImageSet.Scenes(Stream("data/held-out"), _c.Evaluation.HeldOutImages, d.Size, d.AttributeFraction, d.Attribute);
        var safeTrain = train.Where(hasAttribute: false);
        _progress.Log($"data: {train.Count} training scenes ({train.HasAttribute.Count(a => a)} with the attribute), {safeTrain.Count} for the safe model");

        var baseModel = TrainDiffusion("base", train, cancel);
        var safeModel = TrainDiffusion("safe", safeTrain, cancel, _c.Safe.FineTuneSteps > 0 ? (UNet2D)baseModel.Model : null);
        var scaling = Tuples(baseModel, safeModel, cancel);
        var reward = TrainReward(cancel);
        var guide = scaling.Wrap(reward);
        var evaluation = Evaluate(guide, baseModel, safeModel, train, heldOut, cancel);
        var steering = _c.Evaluation.SteeringSamples > 0 ? Steer(scaling, reward, guide, baseModel, cancel) : null;
        var results = new ImagesResults { Config = _c, Evaluation = evaluation, Steering = steering, FinalLoss = _finalLoss };
        Engine.IO.DurableFile.WriteAllText(ResultsPath, JsonSerializer.Serialize(results, ImagesResults.Json));
        _progress.Log($"reward on held-out scenes: AUC {evaluation.Auc.Value:F3} [{evaluation.Auc.Low:F3}, {evaluation.Auc.High:F3}], " +
                      $"balanced accuracy {evaluation.BalancedAccuracy.Value:F3} [{evaluation.BalancedAccuracy.Low:F3}, {evaluation.BalancedAccuracy.High:F3}] (chance 0.5)");
        if (steering != null)
            _progress.Log($"attribute in base samples: unsteered {steering.UnsteeredRate.Value:P1}, steered (ω {steering.GuideScale}) {steering.SteeredRate.Value:P1}");
        return results;
    }

    private UNet2D DiffusionNet(Generator g) => new(g, _c.Diffusion.Dim, _c.Diffusion.DimMults, channels: 3);

    /// <summary>
    /// Trains (or resumes, or loads) one diffusion model; returns the diffusion around its EMA network. With
    /// <paramref name="from"/>, both networks start from its weights and train for <see cref="ImagesConfig.SafeSettings.FineTuneSteps"/>
    /// steps (the start is the same on a resume, so the checkpoint's numbers are too).
    /// </summary>
    private GaussianDiffusion TrainDiffusion(string name, ImageSet data, CancellationToken cancel, UNet2D? from = null)
    {
        var m = _c.Diffusion;
        var g = Stream("diffusion/" + name);
        var net = DiffusionNet(g);
        var ema = DiffusionNet(g);
        if (from is not null)
        {
            // Host copies: a loaded value may share the source's storage, and the safe trainer's optimiser
            // returns replaced values to the pool, which must never take the base model's weights with them.
            Dictionary<string, Tensor> Copy() => from.StateDict().ToDictionary(kv => kv.Key, kv => Tensor.FromArray(kv.Value.ToArrayFloat(), kv.Value.Shape).DetachFromScope());
            net.LoadStateDict(Copy());
            ema.LoadStateDict(Copy());
        }
        // ε-prediction, as image DDPMs do; x̂₀ is clipped to the pixel range [−1, 1] when sampling.
        var diffusion = GaussianDiffusion.OverSamples(net, [3, _c.Data.Size, _c.Data.Size], m.Steps, cosineSchedule: true, predictEpsilon: true, clipDenoised: true);
        var trainer = new DiffusionTrainer(diffusion, ema, data, g.Split(), m.BatchSize, m.LearningRate, 1, m.EmaDecay, m.StepStartEma, m.UpdateEmaEvery);
        int steps = from is null ? m.TrainSteps : _c.Safe.FineTuneSteps;
        var fingerprint = from is null ? Fingerprint(name, _c.Seed, _c.Data, m) : Fingerprint(name, _c.Seed, _c.Data, m, _c.Safe);
        var inputs = from is null ? null : new StageInputs().File("model: base", ModelPath("base"));
        var curve = CheckpointedTraining.Run($"diffusion: {name}", ModelPath(name), fingerprint, steps, _c.CheckpointEvery, trainer, _progress, cancel, inputs: inputs);
        if (curve.Means.Count > 0) _finalLoss[$"diffusion {name}"] = curve.Means[^1];
        ema.Eval();
        return trainer.EmaDiffusion;
    }

    private StageInputs ModelInputs() => new StageInputs().File("model: base", ModelPath("base")).File("model: safe", ModelPath("safe"));

    /// <summary>
    /// Algorithm 2's tuples from both models' chains (K per model, shared noise), standard-scaled per step
    /// (appendix E.1.6). Written at the end of the stage (scaling first, the tuples last, so a complete tuple file
    /// means a complete stage); a file of another configuration or other models is refused.
    /// </summary>
    private StepStandardScaling Tuples(GaussianDiffusion baseModel, GaussianDiffusion safeModel, CancellationToken cancel)
    {
        string fingerprint = Fingerprint("tuples", _c.Seed, _c.Data, _c.Diffusion, _c.Safe, _c.Reward.ChainsPerModel);
        var inputs = ModelInputs();
        if (File.Exists(TuplesPath) && File.Exists(ScalingPath))
        {
            var meta = SafeTensors.ReadMetadata(TuplesPath);
            if (!meta.TryGetValue("config", out var written) || written != fingerprint)
                throw new Engine.IO.InputException("tuples of another configuration", Engine.IO.InputException.Location(TuplesPath), "they were made for a different configuration; delete them (or choose another --out) to redo this stage");
            inputs.Check(meta.GetValueOrDefault(StageInputs.MetadataKey), TuplesPath);
            _progress.Log($"tuples: complete in {TuplesPath}");
            return StepStandardScaling.Load(ScalingPath);
        }
        int k = _c.Reward.ChainsPerModel;
        _progress.Begin("tuples (Algorithm 2)", 2L * k * baseModel.Steps);
        var source = ModelAlignmentSource.Generate(baseModel, safeModel, k, Stream("tuples"), chunk: 32,
            progress: new CallbackProgress<long>(v => { cancel.ThrowIfCancellationRequested(); _progress.Report(v); }));
        _progress.End();
        var scaling = source.Standardize(baseModel.Steps);
        scaling.Save(ScalingPath);
        source.Save(TuplesPath, new Dictionary<string, string> { ["config"] = fingerprint, [StageInputs.MetadataKey] = inputs.Encode() });
        return scaling;
    }

    private UNetEncoder2D RewardNet(Generator g) => new(_c.Data.Size, g, _c.Reward.Dims);

    /// <summary>Trains (or resumes, or loads) the relative reward on the scaled tuples (Table 5's settings, scaled); returns its EMA network.</summary>
    private UNetEncoder2D TrainReward(CancellationToken cancel)
    {
        var r = _c.Reward;
        var g = Stream("reward");
        var net = RewardNet(g);
        var ema = RewardNet(g);
        var source = new DeferredAlignmentSource(3, _c.Data.Size * _c.Data.Size, () => ModelAlignmentSource.Load(TuplesPath));
        var options = new RelativeRewardOptions
        {
            BatchSize = r.BatchSize, LearningRate = r.LearningRate,
            // Algorithm 2 as written: ∇_x ρ(x_{t+1}, t+1) at the chain's own state, matched to x_t^(2) − x_t^(1).
            Point = AlignmentPoint.NoisyInput, Target = AlignmentTarget.MeanDifference,
            EmaDecay = r.EmaDecay, StepStartEma = r.StepStartEma, UpdateEmaEvery = r.UpdateEmaEvery,
        };
        var trainer = new RelativeRewardTrainer(net, ema, source, g.Split(), options);
        var curve = CheckpointedTraining.Run("reward", ModelPath("reward"), Fingerprint("reward", _c.Seed, _c.Data, _c.Diffusion, _c.Safe, r), r.TrainSteps, _c.CheckpointEvery,
            trainer, _progress, cancel, source.Build, new StageInputs().File("tuples", TuplesPath));
        if (curve.Means.Count > 0) _finalLoss["reward"] = curve.Means[^1];
        ema.Eval();
        return ema;
    }

    /// <summary>ρ at step <paramref name="step"/> of every sample of x: [n, 3, S, S], in chunks, without gradients.</summary>
    private static double[] Rewards(Reward reward, Tensor x, int step = 0)
    {
        using var _ = Autograd.NoGrad();
        int n = x.Shape[0];
        var r = new double[n];
        for (int a = 0; a < n; a += 64)
        {
            using var scope = Tensor.Scope();
            int b = Math.Min(n, a + 64);
            var chunk = x.Slice(0, a, b);
            reward(chunk, GaussianDiffusion.StepTensor(Enumerable.Repeat(step, b - a).ToArray(), chunk)).ToArrayDouble().CopyTo(r, a);
        }
        return r;
    }

    /// <summary>
    /// ρ(x_t, t) of clean images x₀ noised to every step t by the forward process with one fixed noise draw:
    /// [T][n]. The reward is trained on the chains' states at every step, and the two models differ most where
    /// there is noise left to decide the content, so the step at which a clean image is judged is chosen on the
    /// validation split rather than fixed at t = 0.
    /// </summary>
    private static double[][] RewardsByStep(Reward reward, GaussianDiffusion diffusion, Tensor x0, Generator g)
    {
        var noise = Tensor.RandN(g, x0.Shape, x0.DType);
        var byStep = new double[diffusion.Steps][];
        for (int t = 0; t < diffusion.Steps; t++)
        {
            using var scope = Tensor.Scope();
            Tensor xt;
            using (Autograd.NoGrad()) xt = diffusion.QSample(x0, Enumerable.Repeat(t, x0.Shape[0]).ToArray(), noise);
            byStep[t] = Rewards(reward, xt, t);
        }
        return byStep;
    }

    private static Estimate Rate(bool[] found)
    {
        int k = found.Count(f => f);
        var (lo, hi) = WilsonInterval.Of(k, found.Length);
        return new(found.Length == 0 ? double.NaN : (double)k / found.Length, lo, hi);
    }

    private Tensor Sample(GaussianDiffusion model, int n, Generator g, Reward? reward = null, GuideOptions? guide = null)
    {
        var x = model.PSampleLoop(n, Conditioning.Unconditional, g, reward: reward, guide: guide);
        return x.DetachFromScope();
    }

    private RewardEvaluation Evaluate(Reward reward, GaussianDiffusion baseModel, GaussianDiffusion safeModel, ImageSet train, ImageSet heldOut, CancellationToken cancel)
    {
        // "by step": the judging step is chosen on the validation split (RewardsByStep).
        string fingerprint = Fingerprint("evaluation by step", _c);
        if (TryReuse<RewardEvaluation>(EvaluationPath, fingerprint) is { } done) return done;
        _progress.Begin("evaluation", 3);
        var byStep = RewardsByStep(reward, baseModel, heldOut.Batch(0, heldOut.Count), Stream("evaluation/noise"));
        int nVal = heldOut.Count / 2;
        var labels = heldOut.HasAttribute;
        var valLabels = labels.Take(nVal).ToArray();
        var testLabels = labels.Skip(nVal).ToArray();
        var valAuc = byStep.Select(s => AttributeScores.Auc(s[..nVal], valLabels).Value).ToArray();
        var testAuc = byStep.Select(s => AttributeScores.Auc(s[nVal..], testLabels).Value).ToArray();
        int step = Enumerable.Range(0, valAuc.Length).MaxBy(t => double.IsNaN(valAuc[t]) ? double.NegativeInfinity : valAuc[t]);
        var valScores = byStep[step][..nVal];
        var testScores = byStep[step][nVal..];
        double theta = AttributeScores.ChooseThreshold(valScores, valLabels);
        RewardGrid.Write(GridPath, heldOut.Subset(Enumerable.Range(nVal, heldOut.Count - nVal).ToArray()), testScores, _c.Evaluation.GridColumns);
        _progress.Report(1);
        cancel.ThrowIfCancellationRequested();
        int n = _c.Evaluation.ModelSamples;
        var baseSamples = Sample(baseModel, n, Stream("samples/base"));
        _progress.Report(2);
        cancel.ThrowIfCancellationRequested();
        var safeSamples = Sample(safeModel, n, Stream("samples/safe"));
        _progress.Report(3);
        _progress.End();
        var result = new RewardEvaluation
        {
            ValidationImages = nVal,
            TestImages = testScores.Length,
            Step = step,
            ValidationAucByStep = valAuc,
            TestAucByStep = testAuc,
            Auc = AttributeScores.Auc(testScores, testLabels),
            Threshold = theta,
            BalancedAccuracy = AttributeScores.BalancedAccuracyInterval(testScores, testLabels, theta),
            MeanRewardWithAttribute = Mean(testScores.Where((_, i) => testLabels[i])),
            MeanRewardWithoutAttribute = Mean(testScores.Where((_, i) => !testLabels[i])),
            MeanRewardBaseSamples = RewardsByStep(reward, baseModel, baseSamples, Stream("evaluation/sample-noise"))[step].Average(),
            MeanRewardSafeSamples = RewardsByStep(reward, baseModel, safeSamples, Stream("evaluation/sample-noise"))[step].Average(),
            AttributeRateBaseSamples = Rate(ImageSet.Detect(baseSamples, _c.Data.Attribute)),
            AttributeRateSafeSamples = Rate(ImageSet.Detect(safeSamples, _c.Data.Attribute)),
            AttributeRateTrainingData = (double)train.HasAttribute.Count(a => a) / train.Count,
        };
        Write(EvaluationPath, fingerprint, result);
        return result;
    }

    private SteeringEvaluation Steer(StepStandardScaling scaling, UNetEncoder2D reward, Reward evaluate, GaussianDiffusion baseModel, CancellationToken cancel)
    {
        var e = _c.Evaluation;
        string fingerprint = Fingerprint("steering", _c);
        if (TryReuse<SteeringEvaluation>(SteeringPath, fingerprint) is { } done) return done;
        _progress.Begin("steering", 2);
        // The same noise for both: the steered samples differ from the unsteered ones by the guide alone.
        var plain = Sample(baseModel, e.SteeringSamples, Stream("steering"));
        _progress.Report(1);
        cancel.ThrowIfCancellationRequested();
        var steered = Sample(baseModel, e.SteeringSamples, Stream("steering"), scaling.GuideInScaledSpace(reward),
            new GuideOptions(e.GuideScale, e.TStopgrad, NGuideSteps: 1, ScaleGradByStd: false));
        _progress.Report(2);
        _progress.End();
        var result = new SteeringEvaluation
        {
            Samples = e.SteeringSamples, GuideScale = e.GuideScale, TStopgrad = e.TStopgrad,
            UnsteeredRate = Rate(ImageSet.Detect(plain, _c.Data.Attribute)),
            SteeredRate = Rate(ImageSet.Detect(steered, _c.Data.Attribute)),
            UnsteeredMeanReward = Rewards(evaluate, plain).Average(),
            SteeredMeanReward = Rewards(evaluate, steered).Average(),
        };
        Write(SteeringPath, fingerprint, result);
        return result;
    }

    private static double Mean(IEnumerable<double> v) => v.DefaultIfEmpty(double.NaN).Average();

    private sealed record Stage<T>(string Config, T Result);

    /// <summary>A finished stage's result when its file was written for this configuration; another configuration's is an error.</summary>
    private T? TryReuse<T>(string path, string fingerprint) where T : class
    {
        if (!File.Exists(path)) return null;
        var stage = JsonSerializer.Deserialize<Stage<T>>(File.ReadAllText(path), ImagesResults.Json);
        if (stage is null || stage.Config != fingerprint)
            throw new Engine.IO.InputException("result of another configuration", Engine.IO.InputException.Location(path), "it was written for a different configuration; delete it (or choose another --out) to redo this stage");
        _progress.Log($"{Path.GetFileNameWithoutExtension(path)}: complete in {path}");
        return stage.Result;
    }

    private static void Write<T>(string path, string fingerprint, T result) =>
        Engine.IO.DurableFile.WriteAllText(path, JsonSerializer.Serialize(new Stage<T>(fingerprint, result), ImagesResults.Json));
}
