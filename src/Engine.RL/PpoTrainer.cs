using System.Globalization;
using Engine.Autodiff;

namespace Engine.RL;

/// <summary>
/// Proximal policy optimisation (Schulman et al., 2017) for continuous actions on any <see cref="IEnvironment"/>:
/// N environments stepped together (<see cref="VectorEnvironment"/>, auto-reset), a Gaussian actor with a
/// state-independent σ and a separate value critic (<see cref="GaussianActorCritic"/>), GAE(λ), the clipped
/// surrogate and clipped value losses, minibatch epochs, per-minibatch advantage normalisation, running
/// observation and reward normalisation, global gradient-norm clipping (<see cref="PpoSettings"/>).
/// Deterministic for a seed, whatever the number of workers: environments are seeded by index, action noise and
/// minibatch order come from one generator drawn in a fixed order. <see cref="Save"/>/<see cref="Load"/> continue
/// bit-exactly: environments are put back by replaying each one's actions since its episode began.
/// Shapes: rollout buffers are <c>[T, N, ·]</c> with T = StepsPerRollout, N = Environments, row-major.
/// </summary>
public sealed class PpoTrainer : IDisposable
{
    private const int FormatVersion = 1;
    private readonly VectorEnvironment _envs;
    private readonly ulong _seed;
    private readonly int _obsDim, _actDim;
    private Rng _rng;
    private RunningMeanStd _obsRms, _retRms;
    private double[] _rawObs;                // [N, O] the environments' current observations
    private double[] _discounted;            // [N] running discounted return for reward normalisation
    private double[] _episodeReturn;         // [N] true return of the running episode
    private int[] _episodeLength;            // [N]
    private List<double[]>[] _sinceReset;    // per environment: actions sent since its episode began

    /// <summary>Builds the environments, the actor-critic and Adam, and resets every environment.</summary>
    /// <param name="makeEnvironment">Builds environment i (all with the same spaces); the trainer owns them.</param>
    /// <param name="settings">Hyperparameters; validated here.</param>
    /// <param name="seed">Seeds the network initialisation, action noise, minibatch order and environment resets.</param>
    /// <param name="workers">Threads stepping the environments; ≤ 0 means all cores. Results do not depend on it.</param>
    public PpoTrainer(Func<int, IEnvironment> makeEnvironment, PpoSettings settings, ulong seed, int workers = 0)
    {
        ArgumentNullException.ThrowIfNull(makeEnvironment);
        Settings = (settings ?? throw new ArgumentNullException(nameof(settings))).Validate();
        _seed = seed;
        _envs = new VectorEnvironment(Enumerable.Range(0, settings.Environments).Select(makeEnvironment), autoReset: true, maxParallelism: workers);
        _obsDim = _envs.ObservationSize;
        _actDim = _envs.ActionSize;
        Model = new GaussianActorCritic(_obsDim, _actDim, settings.HiddenSizes(), new Generator(Rng.Derive(seed, 0x1A17)));
        Optimizer = new Adam(Model.Parameters(), settings.LearningRate, eps: 1e-5) { ClipNorm = settings.MaxGradNorm, DisposeReplacedValues = true };
        _rng = new Rng(Rng.Derive(seed, 0x5A3B));
        _obsRms = new RunningMeanStd(_obsDim);
        _retRms = new RunningMeanStd(1);
        _discounted = new double[settings.Environments];
        _episodeReturn = new double[settings.Environments];
        _episodeLength = new int[settings.Environments];
        _sinceReset = NewActionLists();
        _rawObs = _envs.Reset(Rng.Derive(seed, 0xE5));
        if (settings.NormalizeObservations) _obsRms.Update(_rawObs, settings.Environments);
    }

    /// <summary>The validated hyperparameters of this run.</summary>
    public PpoSettings Settings { get; }
    /// <summary>The actor-critic being trained (its inputs are normalised observations).</summary>
    public GaussianActorCritic Model { get; }
    /// <summary>Adam over <see cref="Model"/>'s parameters, with gradient-norm clipping at <see cref="PpoSettings.MaxGradNorm"/>.</summary>
    public Adam Optimizer { get; }
    /// <summary>Completed iterations.</summary>
    public int Iteration { get; private set; }
    /// <summary>Environment steps taken so far, summed over all environments.</summary>
    public long EnvironmentSteps { get; private set; }
    /// <summary>True once <see cref="PpoSettings.Iterations"/> iterations are done.</summary>
    public bool Finished => Iteration >= Settings.Iterations;

    /// <summary>The current actor, frozen with the current observation normaliser.</summary>
    public GaussianPolicy Policy => GaussianPolicy.From(Model, Settings.NormalizeObservations ? _obsRms : new RunningMeanStd(_obsDim));

    /// <summary>One rollout of T steps in every environment, then the update epochs.</summary>
    public PpoIteration Step()
    {
        var s = Settings;
        int n = s.Environments, steps = s.StepsPerRollout, batch = s.BatchSize;
        double lr = s.AnnealLearningRate ? s.LearningRate * (1.0 - (double)Iteration / s.Iterations) : s.LearningRate;
        Optimizer.Lr = lr;

        var obs = new float[batch * _obsDim];
        var actions = new float[batch * _actDim];
        var logProbs = new float[batch];
        var values = new float[batch];
        var rewards = new double[batch];
        var dones = new bool[batch];
        var finished = new List<EpisodeRecord>();
        var current = Normalized(_rawObs);
        var sent = new double[n * _actDim];
        // The parameters change only in the update, so σ = exp(logstd) holds for the whole rollout.
        float[] std;
        using (Tensor.Scope())
        using (Autograd.NoGrad())
            std = Model.LogStd.Value.Exp().ToArrayFloat();

        for (int t = 0; t < steps; t++)
        {
            Array.Copy(current, 0, obs, t * n * _obsDim, n * _obsDim);
            using (var scope = Tensor.Scope())
            using (Autograd.NoGrad())
            {
                var o = Tensor.FromArray(current, n, _obsDim);
                var mean = Model.Mean(o);
                var value = Model.Value(o).ToArrayFloat();
                var meanHost = mean.ToArrayFloat();
                var a = new float[n * _actDim];
                for (int i = 0; i < a.Length; i++) a[i] = meanHost[i] + std[i % _actDim] * (float)_rng.Normal();
                var logp = Model.LogProb(mean, Tensor.FromArray(a, n, _actDim)).ToArrayFloat();
                Array.Copy(a, 0, actions, t * n * _actDim, a.Length);
                Array.Copy(logp, 0, logProbs, t * n, n);
                Array.Copy(value, 0, values, t * n, n);
                for (int i = 0; i < a.Length; i++) sent[i] = Math.Clamp(a[i], -1.0, 1.0);
            }

            var result = _envs.Step(sent);
            EnvironmentSteps += n;
            var normalizedReward = NormalizeRewards(result);
            double[]? bootstrap = s.BootstrapTruncation ? TruncationValues(result) : null;
            for (int i = 0; i < n; i++)
            {
                bool done = result.Terminated[i] || result.Truncated[i];
                rewards[t * n + i] = normalizedReward[i] + (bootstrap is null ? 0 : s.Gamma * bootstrap[i]);
                dones[t * n + i] = done;
                _episodeReturn[i] += result.Rewards[i];
                _episodeLength[i]++;
                _sinceReset[i].Add(sent.AsSpan(i * _actDim, _actDim).ToArray());
                if (!done) continue;
                finished.Add(new EpisodeRecord(_episodeReturn[i], _episodeLength[i], result.Terminated[i]));
                _episodeReturn[i] = 0;
                _episodeLength[i] = 0;
                _sinceReset[i].Clear();
            }
            _rawObs = result.Observations;
            if (s.NormalizeObservations) _obsRms.Update(_rawObs, n);
            current = Normalized(_rawObs);
        }

        var (advantages, returns, explained) = Gae(values, rewards, dones, current);
        var update = Update(obs, actions, logProbs, values, advantages, returns);
        Iteration++;
        return new PpoIteration(Iteration, EnvironmentSteps, lr, finished, update.Policy, update.Value, update.Entropy,
            update.Kl, update.ClipFraction, explained);
    }

    private float[] Normalized(double[] raw)
    {
        var y = new double[raw.Length];
        if (Settings.NormalizeObservations) _obsRms.Normalize(raw, y, Settings.ObservationClip);
        else Array.Copy(raw, y, raw.Length);
        return Array.ConvertAll(y, v => (float)v);
    }

    /// <summary>Gym's NormalizeReward: r / √(Var[discounted return] + 1e−8), clipped; the running return restarts after an episode ends.</summary>
    private double[] NormalizeRewards(VectorStepResult result)
    {
        var s = Settings;
        int n = s.Environments;
        if (!s.NormalizeRewards) return (double[])result.Rewards.Clone();
        for (int i = 0; i < n; i++) _discounted[i] = _discounted[i] * s.Gamma + result.Rewards[i];
        _retRms.Update(_discounted, n);
        var scale = 1.0 / Math.Sqrt(_retRms.Var[0] + 1e-8);
        var r = new double[n];
        for (int i = 0; i < n; i++)
        {
            r[i] = Math.Clamp(result.Rewards[i] * scale, -s.RewardClip, s.RewardClip);
            if (result.Terminated[i] || result.Truncated[i]) _discounted[i] = 0;
        }
        return r;
    }

    /// <summary>V(final observation) for environments whose episode was truncated (not terminated); 0 elsewhere.</summary>
    private double[]? TruncationValues(VectorStepResult result)
    {
        int n = Settings.Environments;
        var rows = Enumerable.Range(0, n).Where(i => result.Truncated[i] && !result.Terminated[i]).ToArray();
        if (rows.Length == 0) return null;
        var final = new double[rows.Length * _obsDim];
        for (int k = 0; k < rows.Length; k++) Array.Copy(result.FinalObservations, rows[k] * _obsDim, final, k * _obsDim, _obsDim);
        var v = new double[n];
        using var scope = Tensor.Scope();
        using var _ = Autograd.NoGrad();
        var values = Model.Value(Tensor.FromArray(Normalized(final), rows.Length, _obsDim)).ToArrayFloat();
        for (int k = 0; k < rows.Length; k++) v[rows[k]] = values[k];
        return v;
    }

    private (double[] Advantages, double[] Returns, double Explained) Gae(float[] values, double[] rewards, bool[] dones, float[] nextObs)
    {
        float[] next;
        using (Tensor.Scope())
        using (Autograd.NoGrad())
            next = Model.Value(Tensor.FromArray(nextObs, Settings.Environments, _obsDim)).ToArrayFloat();
        var v = Array.ConvertAll(values, x => (double)x);
        var (adv, ret) = GeneralizedAdvantage.Compute(v, rewards, dones, Array.ConvertAll(next, x => (double)x), Settings.Gamma, Settings.Lambda);
        return (adv, ret, GeneralizedAdvantage.ExplainedVariance(v, ret));
    }

    private (double Policy, double Value, double Entropy, double Kl, double ClipFraction) Update(
        float[] obs, float[] actions, float[] oldLogProbs, float[] oldValues, double[] advantages, double[] returns)
    {
        var s = Settings;
        int batch = s.BatchSize, m = s.MinibatchSize;
        var order = Enumerable.Range(0, batch).ToArray();
        double policyLoss = 0, valueLoss = 0, entropy = 0, kl = 0, clipped = 0;
        int lastEpochBatches = 0;
        for (int epoch = 0; epoch < s.Epochs; epoch++)
        {
            for (int i = batch - 1; i > 0; i--)
            {
                int j = _rng.NextInt(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
            for (int start = 0; start < batch; start += m)
            {
                var rows = order.AsSpan(start, m);
                var o = new float[m * _obsDim];
                var a = new float[m * _actDim];
                var lp = new float[m];
                var adv = new float[m];
                var ret = new float[m];
                var v0 = new float[m];
                double advMean = 0, advSq = 0;
                for (int r = 0; r < m; r++) advMean += advantages[rows[r]];
                advMean /= m;
                for (int r = 0; r < m; r++) advSq += (advantages[rows[r]] - advMean) * (advantages[rows[r]] - advMean);
                double advStd = m > 1 ? Math.Sqrt(advSq / (m - 1)) : 1; // torch.std is unbiased
                for (int r = 0; r < m; r++)
                {
                    int k = rows[r];
                    Array.Copy(obs, k * _obsDim, o, r * _obsDim, _obsDim);
                    Array.Copy(actions, k * _actDim, a, r * _actDim, _actDim);
                    lp[r] = oldLogProbs[k];
                    adv[r] = (float)(s.NormalizeAdvantages ? (advantages[k] - advMean) / (advStd + 1e-8) : advantages[k]);
                    ret[r] = (float)returns[k];
                    v0[r] = oldValues[k];
                }

                using var scope = Tensor.Scope();
                var obsT = Tensor.FromArray(o, m, _obsDim);
                var mean = Model.Mean(obsT);
                var logRatio = Model.LogProb(mean, Tensor.FromArray(a, m, _actDim)) - Tensor.FromArray(lp, m);
                var surrogate = ClippedSurrogate.Loss(logRatio, Tensor.FromArray(adv, m), s.ClipCoefficient);
                var value = Model.Value(obsT);
                var retT = Tensor.FromArray(ret, m);
                Tensor vLoss;
                if (s.ClipValueLoss)
                {
                    var oldV = Tensor.FromArray(v0, m);
                    var vClipped = oldV + (value - oldV).Clamp(-s.ClipCoefficient, s.ClipCoefficient);
                    vLoss = Tensor.Maximum((value - retT).Square(), (vClipped - retT).Square()).Mean() * 0.5;
                }
                else vLoss = (value - retT).Square().Mean() * 0.5;
                var ent = Model.Entropy();
                var loss = surrogate - ent * s.EntropyCoefficient + vLoss * s.ValueCoefficient;
                Optimizer.ZeroGrad();
                loss.Backward();
                Optimizer.Step();

                var lr = logRatio.Detach().ToArrayFloat();
                double mbKl = 0, mbClip = 0;
                for (int r = 0; r < m; r++)
                {
                    double rr = Math.Exp(lr[r]);
                    mbKl += rr - 1 - lr[r];
                    if (Math.Abs(rr - 1) > s.ClipCoefficient) mbClip++;
                }
                clipped += mbClip / m;
                if (epoch == s.Epochs - 1)
                {
                    kl += mbKl / m;
                    policyLoss += surrogate.Item();
                    valueLoss += vLoss.Item();
                    entropy += ent.Item();
                    lastEpochBatches++;
                }
            }
        }
        Optimizer.ZeroGrad();
        int all = s.Epochs * s.Minibatches;
        return (policyLoss / lastEpochBatches, valueLoss / lastEpochBatches, entropy / lastEpochBatches, kl / lastEpochBatches, clipped / all);
    }

    private List<double[]>[] NewActionLists() => Enumerable.Range(0, Settings.Environments).Select(_ => new List<double[]>()).ToArray();

    /// <summary>
    /// Writes everything the next iterations depend on (model, Adam state, normalisers, generator, every
    /// environment's episode and actions since its reset) to one safetensors file, atomically, together with
    /// the caller's <paramref name="extraTensors"/> and <paramref name="extraMetadata"/>.
    /// </summary>
    public void Save(string path, IReadOnlyDictionary<string, Tensor>? extraTensors = null, IReadOnlyDictionary<string, string>? extraMetadata = null)
    {
        var tensors = new Dictionary<string, Tensor>();
        foreach (var (k, v) in Model.StateDict()) tensors["model." + k] = v;
        foreach (var (k, v) in Optimizer.StateDict()) tensors["optim." + k] = v;
        tensors["obs_rms.mean"] = Tensor.FromArray(_obsRms.Mean, _obsDim);
        tensors["obs_rms.var"] = Tensor.FromArray(_obsRms.Var, _obsDim);
        tensors["obs_rms.count"] = Tensor.FromArray(new[] { _obsRms.Count }, 1);
        tensors["ret_rms.mean"] = Tensor.FromArray(_retRms.Mean, 1);
        tensors["ret_rms.var"] = Tensor.FromArray(_retRms.Var, 1);
        tensors["ret_rms.count"] = Tensor.FromArray(new[] { _retRms.Count }, 1);
        tensors["run.discounted"] = Tensor.FromArray(_discounted, _discounted.Length);
        tensors["run.episode_return"] = Tensor.FromArray(_episodeReturn, _episodeReturn.Length);
        tensors["run.episode_length"] = Tensor.FromArray(_episodeLength, _episodeLength.Length);
        for (int i = 0; i < _sinceReset.Length; i++)
            if (_sinceReset[i].Count > 0)
                tensors[$"run.actions.{i}"] = Tensor.FromArray(_sinceReset[i].SelectMany(a => a).ToArray(), _sinceReset[i].Count, _actDim);
        if (extraTensors != null) foreach (var (k, v) in extraTensors) tensors["extra." + k] = v;

        var (envSeed, episodes) = _envs.EpisodeState;
        var st = _rng.State;
        var meta = new Dictionary<string, string>
        {
            ["format"] = "engine-ppo",
            ["version"] = FormatVersion.ToString(CultureInfo.InvariantCulture),
            ["seed"] = _seed.ToString(CultureInfo.InvariantCulture),
            ["settings"] = Settings.ToJson(),
            ["iteration"] = Iteration.ToString(CultureInfo.InvariantCulture),
            ["environment_steps"] = EnvironmentSteps.ToString(CultureInfo.InvariantCulture),
            ["env_seed"] = envSeed.ToString(CultureInfo.InvariantCulture),
            ["episodes"] = string.Join(",", episodes),
            ["rng"] = string.Join(",", st.S0, st.S1, st.S2, st.S3),
            ["rng_spare"] = st.SpareNormal is double d ? BitConverter.DoubleToInt64Bits(d).ToString(CultureInfo.InvariantCulture) : "",
        };
        if (extraMetadata != null) foreach (var (k, v) in extraMetadata) meta["extra." + k] = v;
        SafeTensors.Save(path, tensors, meta);
    }

    /// <summary>
    /// Continues from a <see cref="Save"/>d file of a run with the same seed and settings (anything else is an
    /// <see cref="Engine.IO.InputException"/> naming the file). Returns the caller's extra tensors and metadata.
    /// </summary>
    public (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) Load(string path)
    {
        var all = SafeTensors.Load(path, out var meta);
        string where = Engine.IO.InputException.Location(path);
        string Meta(string key) => meta.TryGetValue(key, out var v) ? v
            : throw new Engine.IO.InputException("not a PPO checkpoint", where, $"no '{key}' in its metadata");
        if (Meta("format") != "engine-ppo" || Meta("version") != FormatVersion.ToString(CultureInfo.InvariantCulture))
            throw new Engine.IO.InputException("unsupported PPO checkpoint", where, $"format {Meta("format")} v{Meta("version")}; this build reads engine-ppo v{FormatVersion}");
        if (Meta("seed") != _seed.ToString(CultureInfo.InvariantCulture) || Meta("settings") != Settings.ToJson())
            throw new Engine.IO.InputException("PPO checkpoint of another run", where, $"it is of seed {Meta("seed")} with settings {Meta("settings")}; this run is seed {_seed} with {Settings.ToJson()}. Use another checkpoint file (or output folder) or the matching options");
        Tensor Get(string key) => all.TryGetValue(key, out var t) ? t : throw new Engine.IO.InputException("corrupt PPO checkpoint", where, $"no tensor '{key}'");
        Engine.IO.DamagedFile.Guard("corrupt PPO checkpoint", path, () =>
        {
            Model.LoadStateDict(all.Where(kv => kv.Key.StartsWith("model.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key[6..], kv => kv.Value));
            Optimizer.LoadStateDict(all.Where(kv => kv.Key.StartsWith("optim.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key[6..], kv => kv.Value));
            _obsRms = RunningMeanStd.From(Get("obs_rms.mean").ToArrayDouble(), Get("obs_rms.var").ToArrayDouble(), Get("obs_rms.count").Item());
            _retRms = RunningMeanStd.From(Get("ret_rms.mean").ToArrayDouble(), Get("ret_rms.var").ToArrayDouble(), Get("ret_rms.count").Item());
            int n = Settings.Environments;
            _discounted = Sized(Get("run.discounted").ToArrayDouble(), n, "run.discounted", path);
            _episodeReturn = Sized(Get("run.episode_return").ToArrayDouble(), n, "run.episode_return", path);
            _episodeLength = Sized(Get("run.episode_length").ToArrayInt(), n, "run.episode_length", path);
            _sinceReset = NewActionLists();
            for (int i = 0; i < n; i++)
                if (all.TryGetValue($"run.actions.{i}", out var acts))
                {
                    var flat = acts.ToArrayDouble();
                    if (acts.Rank != 2 || acts.Shape[1] != _actDim) throw new Engine.IO.InputException("corrupt PPO checkpoint", where, $"run.actions.{i} is not [*, {_actDim}]");
                    for (int r = 0; r < acts.Shape[0]; r++) _sinceReset[i].Add(flat.AsSpan(r * _actDim, _actDim).ToArray());
                }
            var episodes = Meta("episodes").Split(',').Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            var words = Meta("rng").Split(',').Select(v => ulong.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            if (words.Length != 4) throw new Engine.IO.InputException("corrupt PPO checkpoint", where, "malformed generator state");
            var spare = Meta("rng_spare");
            _rng = Rng.FromState(new RngState(words[0], words[1], words[2], words[3],
                spare.Length == 0 ? null : BitConverter.Int64BitsToDouble(long.Parse(spare, CultureInfo.InvariantCulture))));
            Iteration = int.Parse(Meta("iteration"), CultureInfo.InvariantCulture);
            EnvironmentSteps = long.Parse(Meta("environment_steps"), CultureInfo.InvariantCulture);
            _rawObs = _envs.Restore(ulong.Parse(Meta("env_seed"), CultureInfo.InvariantCulture), episodes,
                _sinceReset.Select(l => (IReadOnlyList<double[]>)l).ToArray());
        });
        var extraTensors = all.Where(kv => kv.Key.StartsWith("extra.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key[6..], kv => kv.Value);
        var extraMeta = meta.Where(kv => kv.Key.StartsWith("extra.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key[6..], kv => kv.Value);
        return (extraTensors, extraMeta);
    }

    private static T[] Sized<T>(T[] values, int n, string name, string path) =>
        values.Length == n ? values : throw new Engine.IO.InputException("corrupt PPO checkpoint", Engine.IO.InputException.Location(path), $"{name} has {values.Length} values for {n} environments");

    /// <summary>Disposes the environments the trainer owns.</summary>
    public void Dispose() => _envs.Dispose();
}
