using Engine.Envs.MuJoCo.Locomotion;

namespace Engine.Envs.MuJoCo.Data;

/// <summary>
/// Runs many episodes of arbitrary controllers in parallel (one environment per worker over one shared
/// model) and returns them in index order. Episode i is a pure function of the controller that
/// <c>actor(i)</c> builds and of <c>seed(i)</c>, so the result does not depend on the number of workers.
/// </summary>
public sealed class EpisodeCollector : IDisposable
{
    private readonly LocomotionEnvPool pool;

    /// <param name="workers">Threads; ≤ 0 means all cores.</param>
    public EpisodeCollector(LocomotionTask task, int workers = 0)
    {
        Task = task ?? throw new ArgumentNullException(nameof(task));
        pool = new LocomotionEnvPool(task, workers);
    }

    public LocomotionTask Task { get; }
    public int ObservationDim => pool.ObservationDim;
    public int ActionDim => pool.ActionSpace.Size;

    /// <summary>
    /// Runs <paramref name="count"/> episodes; episode i resets with <c>seed(i)</c> and takes the actions of the
    /// controller <c>actor(i)</c> (built per episode, so it may hold its own noise generator).
    /// </summary>
    public Episode[] Run(int count, Func<int, ActionSource> actor, Func<int, ulong> seed, bool record = true)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(seed);
        var episodes = new Episode[count];
        pool.ForEach(count, (env, i) => episodes[i] = PolicyRollout.Run(env, actor(i), seed(i), ActionDim,
            record: record ? Episode.Recording() : null));
        return episodes;
    }

    public void Dispose() => pool.Dispose();
}
