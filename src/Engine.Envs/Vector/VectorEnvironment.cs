using System.Collections.Concurrent;

namespace Engine.Envs;

/// <summary>
/// Steps N independent environments together, spread over the machine's cores. Deterministic: environment i
/// only ever sees its own actions and seeds derived from (seed, i, episode), so the numbers do not depend on
/// thread scheduling or on the degree of parallelism.
/// Shapes: observations <c>[N, ObservationSize]</c>, actions <c>[N, ActionSize]</c>, rewards and flags <c>[N]</c>, row-major.
/// </summary>
public sealed class VectorEnvironment : IDisposable
{
    private readonly IEnvironment[] _envs;
    private readonly int _maxParallelism;
    private readonly int _grain;
    private readonly long[] _episodes;
    private ulong _seed;

    /// <summary>Number of environments N.</summary>
    public int Count => _envs.Length;
    /// <summary>Values per observation, shared by all environments.</summary>
    public int ObservationSize { get; }
    /// <summary>Values per action, shared by all environments.</summary>
    public int ActionSize { get; }
    /// <summary>When true, an environment whose episode ended is reset at once and its row holds the new first observation.</summary>
    public bool AutoReset { get; }
    /// <summary>The wrapped environments, in index order.</summary>
    public IReadOnlyList<IEnvironment> Environments => _envs;

    /// <param name="environments">At least one; all with the same observation and action sizes. Owned (disposed) by this wrapper.</param>
    /// <param name="autoReset">Reset an environment as soon as its episode ends (see <see cref="AutoReset"/>).</param>
    /// <param name="maxParallelism">Worker limit; ≤ 0 means all cores.</param>
    public VectorEnvironment(IEnumerable<IEnvironment> environments, bool autoReset = false, int maxParallelism = 0)
    {
        ArgumentNullException.ThrowIfNull(environments);
        _envs = environments.ToArray();
        if (_envs.Length == 0) throw new ArgumentException("At least one environment is required.", nameof(environments));
        ObservationSize = _envs[0].ObservationSpace.Size;
        ActionSize = _envs[0].ActionSpace.Size;
        for (int i = 1; i < _envs.Length; i++)
        {
            if (_envs[i].ObservationSpace.Size != ObservationSize || _envs[i].ActionSpace.Size != ActionSize)
                throw new ArgumentException(
                    $"Environment {i} ('{_envs[i].Name}') has observation/action sizes ({_envs[i].ObservationSpace.Size}, {_envs[i].ActionSpace.Size}); environment 0 has ({ObservationSize}, {ActionSize}).",
                    nameof(environments));
        }
        AutoReset = autoReset;
        _maxParallelism = maxParallelism > 0 ? maxParallelism : Environment.ProcessorCount;
        // A few ranges per worker keeps the load balanced without paying a task per environment.
        _grain = Math.Max(1, _envs.Length / (_maxParallelism * 4));
        _episodes = new long[_envs.Length];
    }

    /// <summary>Resets every environment; environment i gets seed <c>Rng.Derive(seed, i)</c>. Returns <c>[N, ObservationSize]</c>.</summary>
    public double[] Reset(ulong seed)
    {
        _seed = seed;
        Array.Clear(_episodes);
        var observations = new double[Count * ObservationSize];
        ForEachRange(i => CopyRow(_envs[i].Reset(EpisodeSeed(i)), observations, i, ObservationSize, "Reset"));
        return observations;
    }

    /// <summary>The seed of the last <see cref="Reset"/> and each environment's episode counter, for checkpoints.</summary>
    public (ulong Seed, long[] Episodes) EpisodeState => (_seed, (long[])_episodes.Clone());

    /// <summary>
    /// Puts every environment back where a checkpointed run left it: environment i restarts episode
    /// <c>episodes[i]</c> of the run seeded <paramref name="seed"/> and replays <c>actions[i]</c>, the actions it
    /// took since that episode began (environments are deterministic, so the state is the same bits). A replayed
    /// episode must not end. Returns the current observations <c>[N, ObservationSize]</c>.
    /// </summary>
    public double[] Restore(ulong seed, long[] episodes, IReadOnlyList<IReadOnlyList<double[]>> actions)
    {
        if (episodes.Length != Count || actions.Count != Count)
            throw new ArgumentException($"Restore: {episodes.Length} episode counters and {actions.Count} action lists for {Count} environments");
        if (episodes.Any(e => e < 0)) throw new ArgumentException("Restore: episode counters cannot be negative");
        _seed = seed;
        Array.Copy(episodes, _episodes, Count);
        var observations = new double[Count * ObservationSize];
        ForEachRange(i =>
        {
            var obs = _envs[i].Reset(EpisodeSeed(i));
            foreach (var a in actions[i])
            {
                var step = _envs[i].Step(a);
                if (step.Terminated || step.Truncated)
                    throw new InvalidDataException($"Restore: environment {i}'s replayed episode ended early (a checkpoint of another environment or build?)");
                obs = step.Observation;
            }
            CopyRow(obs, observations, i, ObservationSize, "Restore");
        });
        return observations;
    }

    /// <summary>Episode 0 of environment i uses <c>Derive(seed, i)</c>; auto-reset episode k uses <c>Derive(Derive(seed, i), k)</c>.</summary>
    private ulong EpisodeSeed(int i)
    {
        ulong own = Rng.Derive(_seed, (ulong)i);
        return _episodes[i] == 0 ? own : Rng.Derive(own, (ulong)_episodes[i]);
    }

    /// <summary>Steps every environment with its row of <paramref name="actions"/> (<c>[N, ActionSize]</c>).</summary>
    public VectorStepResult Step(ReadOnlySpan<double> actions)
    {
        if (actions.Length != Count * ActionSize)
            throw new ArgumentException($"actions has {actions.Length} values; expected [{Count}, {ActionSize}] = {Count * ActionSize}.", nameof(actions));
        var result = new VectorStepResult(Count, ObservationSize);
        var actionCopy = actions.ToArray(); // spans cannot cross into worker lambdas
        ForEachRange(i =>
        {
            var step = _envs[i].Step(actionCopy.AsSpan(i * ActionSize, ActionSize));
            result.Rewards[i] = step.Reward;
            result.Terminated[i] = step.Terminated;
            result.Truncated[i] = step.Truncated;
            CopyRow(step.Observation, result.Observations, i, ObservationSize, "Step");
            if (AutoReset && (step.Terminated || step.Truncated))
            {
                CopyRow(step.Observation, result.FinalObservations, i, ObservationSize, "Step");
                _episodes[i]++;
                CopyRow(_envs[i].Reset(EpisodeSeed(i)), result.Observations, i, ObservationSize, "Reset");
            }
        });
        return result;
    }

    private void CopyRow(double[] source, double[] target, int row, int width, string what)
    {
        if (source.Length != width)
            throw new InvalidOperationException($"Environment {row} ('{_envs[row].Name}') returned an observation of length {source.Length} from {what}; expected {width}.");
        Array.Copy(source, 0, target, row * width, width);
    }

    private void ForEachRange(Action<int> body)
    {
        if (_maxParallelism == 1 || Count == 1)
        {
            for (int i = 0; i < Count; i++) body(i);
            return;
        }
        Parallel.ForEach(Partitioner.Create(0, Count, _grain), new ParallelOptions { MaxDegreeOfParallelism = _maxParallelism },
            range => { for (int i = range.Item1; i < range.Item2; i++) body(i); });
    }

    /// <summary>Disposes every wrapped environment.</summary>
    public void Dispose()
    {
        foreach (var env in _envs) env.Dispose();
    }
}

/// <summary>What <see cref="VectorEnvironment.Step"/> returns. <c>Observations, FinalObservations: [N, ObservationSize]</c>; the rest <c>[N]</c>.</summary>
public sealed class VectorStepResult(int count, int observationSize)
{
    /// <summary>Each environment's observation after the step (the new episode's first with auto-reset), <c>[N, ObservationSize]</c>.</summary>
    public double[] Observations { get; } = new double[count * observationSize];
    /// <summary>Each environment's reward, <c>[N]</c>.</summary>
    public double[] Rewards { get; } = new double[count];
    /// <summary>Whether each environment's episode reached a terminal state, <c>[N]</c>.</summary>
    public bool[] Terminated { get; } = new bool[count];
    /// <summary>Whether each environment's episode hit its step limit, <c>[N]</c>.</summary>
    public bool[] Truncated { get; } = new bool[count];
    /// <summary>With auto-reset, the last observation of each episode that just ended (rows of other environments are zero).</summary>
    public double[] FinalObservations { get; } = new double[count * observationSize];
}
