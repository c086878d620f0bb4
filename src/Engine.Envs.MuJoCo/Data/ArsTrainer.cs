using Engine.Envs.MuJoCo.Locomotion;

namespace Engine.Envs.MuJoCo.Data;

/// <summary>An <see cref="ArsTrainer"/>'s state between iterations.</summary>
/// <param name="Iteration">Completed iterations.</param>
/// <param name="EnvironmentSteps">Environment steps used so far.</param>
/// <param name="Policy">The current policy with its frozen normaliser.</param>
/// <param name="ObservationCount">Observations folded into the running sums.</param>
/// <param name="ObservationSums">Σ o per observation dimension.</param>
/// <param name="ObservationSquares">Σ o² per observation dimension.</param>
/// <param name="DirectionRng">The state of the generator of perturbation directions.</param>
public sealed record ArsState(int Iteration, long EnvironmentSteps, LinearPolicy Policy, long ObservationCount,
    double[] ObservationSums, double[] ObservationSquares, RngState DirectionRng);

/// <summary>Progress after one ARS iteration.</summary>
/// <param name="Iteration">Completed iterations, this one included.</param>
/// <param name="EnvironmentSteps">Environment steps used so far.</param>
/// <param name="MeanTrainingReturn">Mean training signal of this iteration's 2·Directions perturbed rollouts (the return, less the healthy bonus when <see cref="ArsSettings.RemoveAliveBonus"/>).</param>
/// <param name="Evaluation">Mean return of the unperturbed policy, when this iteration was evaluated.</param>
public sealed record ArsIteration(int Iteration, long EnvironmentSteps, double MeanTrainingReturn, double? Evaluation);

/// <summary>
/// Augmented random search on linear policies (Mania et al., 2018, V2-t), with the simulator itself as
/// the training ground. Deterministic for a seed: every rollout is a pure function of the policy,
/// its perturbation and its episode seed, and results are combined in rollout order regardless of
/// which thread ran them.
/// </summary>
public sealed class ArsTrainer : IDisposable
{
    private readonly LocomotionTask _task;
    private readonly ArsSettings _settings;
    private readonly LocomotionEnvPool _pool;
    private readonly ulong _seed;
    private readonly ObservationStats _stats;
    private Rng _directionRng;

    /// <summary>A trainer at a zero policy with the identity normaliser; environments share one compiled model.</summary>
    /// <param name="task">The robot.</param>
    /// <param name="settings">ARS hyper-parameters; validated here.</param>
    /// <param name="seed">Seeds the perturbation directions and the episodes' resets.</param>
    /// <param name="workers">Threads running rollouts; ≤ 0 means all cores. Results do not depend on it.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    /// <exception cref="MuJoCoException">libmujoco is missing or rejects the model.</exception>
    public ArsTrainer(LocomotionTask task, ArsSettings settings, ulong seed, int workers = 0)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        _task = task;
        _settings = settings;
        _seed = seed;
        _pool = new LocomotionEnvPool(task, workers);
        Policy = LinearPolicy.Zero(_pool.ObservationDim, _pool.ActionSpace.Size);
        _stats = new ObservationStats(Policy.ObservationDim);
        _directionRng = new Rng(Rng.Derive(seed, 0xD1));
    }

    /// <summary>The current policy (weights and the normaliser frozen for the next iteration).</summary>
    public LinearPolicy Policy { get; private set; }

    /// <summary>Completed iterations.</summary>
    public int Iteration { get; private set; }
    /// <summary>Environment steps used so far, over all rollouts.</summary>
    public long EnvironmentSteps { get; private set; }
    /// <summary>The robot being trained.</summary>
    public LocomotionTask Task => _task;

    /// <summary>Everything the next iterations depend on, for checkpoints (<see cref="Restore"/> continues bit-exactly).</summary>
    public ArsState State
    {
        get
        {
            var (count, sums, squares) = _stats.Snapshot();
            return new ArsState(Iteration, EnvironmentSteps, Policy.Clone(), count, sums, squares, _directionRng.State);
        }
    }

    /// <summary>Continues from a <see cref="State"/> taken from a trainer with the same task, settings and seed.</summary>
    public void Restore(ArsState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Policy.ObservationDim != Policy.ObservationDim || state.Policy.ActionDim != Policy.ActionDim)
            throw new ArgumentException($"{_task.Name}: a checkpointed policy of {state.Policy.ActionDim}×{state.Policy.ObservationDim} does not fit this task ({Policy.ActionDim}×{Policy.ObservationDim})");
        _stats.Restore(state.ObservationCount, state.ObservationSums, state.ObservationSquares);
        _directionRng = Rng.FromState(state.DirectionRng);
        Policy = state.Policy.Clone();
        Iteration = state.Iteration;
        EnvironmentSteps = state.EnvironmentSteps;
    }

    /// <summary>One iteration: 2·N perturbed rollouts, top-b update, normaliser refresh.</summary>
    public ArsIteration Step(int evaluationEpisodes = 0)
    {
        var n = _settings.Directions;
        var size = Policy.Weights.Length;
        var deltas = new double[n][];
        for (var k = 0; k < n; k++)
        {
            deltas[k] = new double[size];
            for (var i = 0; i < size; i++) deltas[k][i] = _directionRng.Normal();
        }

        var policy = Policy;
        var returns = new double[2 * n];
        var lengths = new int[2 * n];
        var rolloutStats = new ObservationStats[2 * n];
        var iterationSeed = Rng.Derive(_seed, (ulong)Iteration + 1);
        _pool.ForEach(2 * n, (env, r) =>
        {
            var sign = r % 2 == 0 ? 1.0 : -1.0;
            rolloutStats[r] = new ObservationStats(policy.ObservationDim);
            // Both members of a pair start from the same state, as in ARS.
            var episode = PolicyRollout.Run(env, policy, Rng.Derive(iterationSeed, (ulong)(r / 2)), deltas[r / 2],
                sign * _settings.Noise, stats: rolloutStats[r]);
            returns[r] = TrainingSignal(episode);
            lengths[r] = episode.Length;
        });

        var order = Enumerable.Range(0, n)
            .OrderByDescending(k => Math.Max(returns[2 * k], returns[2 * k + 1])).ThenBy(k => k)
            .Take(_settings.TopDirections).ToArray();
        var kept = order.SelectMany(k => new[] { returns[2 * k], returns[2 * k + 1] }).ToArray();
        var meanKept = kept.Average();
        var sigma = Math.Sqrt(kept.Sum(v => (v - meanKept) * (v - meanKept)) / kept.Length);
        var weights = (double[])policy.Weights.Clone();
        if (sigma > 1e-12)
        {
            var coefficient = _settings.StepSize / (_settings.TopDirections * sigma);
            foreach (var k in order)
            {
                var diff = returns[2 * k] - returns[2 * k + 1];
                for (var i = 0; i < size; i++) weights[i] += coefficient * diff * deltas[k][i];
            }
        }
        foreach (var s in rolloutStats) _stats.Merge(s);
        var (mean, std) = _stats.MeanStd();
        Policy = new LinearPolicy(policy.ObservationDim, policy.ActionDim, weights, mean, std);

        Iteration++;
        EnvironmentSteps += lengths.Sum();
        double? evaluation = evaluationEpisodes > 0 ? Evaluate(Policy, evaluationEpisodes, Rng.Derive(_seed, 0xE7A1)) : null;
        return new ArsIteration(Iteration, EnvironmentSteps, returns.Average(), evaluation);
    }

    /// <summary>Mean true (Gym) return of <paramref name="policy"/> over episodes seeded from <paramref name="evaluationSeed"/>.</summary>
    public double Evaluate(LinearPolicy policy, int episodes, ulong evaluationSeed) =>
        RunEpisodes(policy, episodes, evaluationSeed).Average(e => e.Return);

    /// <summary>Runs <paramref name="count"/> episodes in parallel; episode i uses seed Derive(seed, i).</summary>
    public Episode[] RunEpisodes(LinearPolicy policy, int count, ulong episodeSeed, double actionNoise = 0, bool record = false)
    {
        var episodes = new Episode[count];
        _pool.ForEach(count, (env, i) => episodes[i] = PolicyRollout.Run(env, policy, Rng.Derive(episodeSeed, (ulong)i),
            actionNoise: actionNoise, record: record ? Episode.Recording() : null));
        return episodes;
    }

    private double TrainingSignal(Episode episode) =>
        _settings.RemoveAliveBonus ? episode.Return - _task.HealthyReward * episode.Length : episode.Return;

    /// <summary>Frees the environments and their native model.</summary>
    public void Dispose() => _pool.Dispose();
}
