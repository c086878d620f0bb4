using Engine.Envs.MuJoCo.Locomotion;

namespace Engine.Envs.MuJoCo.Data;

/// <summary>
/// Runs many episodes of arbitrary controllers in parallel (one environment per worker over one shared
/// model) and returns them in index order. Episode i is a pure function of the controller that
/// <c>actor(i)</c> builds and of <c>seed(i)</c>, so the result does not depend on the number of workers.
/// </summary>
public sealed class EpisodeCollector : IDisposable
{
    private readonly LocomotionEnvPool _pool;

    /// <summary>Compiles the task's model once and prepares one environment per worker.</summary>
    /// <param name="task">The robot.</param>
    /// <param name="workers">Threads; ≤ 0 means all cores.</param>
    public EpisodeCollector(LocomotionTask task, int workers = 0)
    {
        Task = task ?? throw new ArgumentNullException(nameof(task));
        _pool = new LocomotionEnvPool(task, workers);
    }

    /// <summary>The robot whose episodes are run.</summary>
    public LocomotionTask Task { get; }
    /// <summary>Values per observation.</summary>
    public int ObservationDim => _pool.ObservationDim;
    /// <summary>Values per action.</summary>
    public int ActionDim => _pool.ActionSpace.Size;

    /// <summary>
    /// Runs <paramref name="count"/> episodes; episode i resets with <c>seed(i)</c> and takes the actions of the
    /// controller <c>actor(i)</c> (built per episode, so it may hold its own noise generator).
    /// </summary>
    public Episode[] Run(int count, Func<int, ActionSource> actor, Func<int, ulong> seed, bool record = true)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(seed);
        var episodes = new Episode[count];
        _pool.ForEach(count, (env, i) => episodes[i] = PolicyRollout.Run(env, actor(i), seed(i), ActionDim,
            record: record ? Episode.Recording() : null));
        return episodes;
    }

    /// <summary>Frees the environments and their native model.</summary>
    public void Dispose() => _pool.Dispose();
}
