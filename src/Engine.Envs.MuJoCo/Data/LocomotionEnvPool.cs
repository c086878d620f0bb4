using System.Collections.Concurrent;
using Engine.Envs.MuJoCo.Locomotion;

namespace Engine.Envs.MuJoCo.Data;

/// <summary>
/// Environments over one shared model, lent to parallel workers: ARS rollouts and MPPI candidates run
/// through <see cref="ForEach"/>, each on an environment of its own (one mjData per thread), created on
/// demand and kept for the next call. Owns the model.
/// </summary>
internal sealed class LocomotionEnvPool : IDisposable
{
    private readonly ConcurrentBag<LocomotionEnv> _idle = [];
    private readonly LocomotionTask _task;
    private readonly int _workers;

    public LocomotionEnvPool(LocomotionTask task, int workers)
    {
        _task = task;
        _workers = workers > 0 ? workers : Environment.ProcessorCount;
        Model = MjModel.FromXml(task.LoadModelXml(), task.Name);
        var probe = new LocomotionEnv(task, Model);
        ObservationDim = probe.ObservationSpace.Size;
        ActionSpace = probe.ActionSpace;
        _idle.Add(probe);
    }

    public MjModel Model { get; }
    public int ObservationDim { get; }
    public BoxSpace ActionSpace { get; }

    /// <summary>Runs body(env, i) for i in [0, count) on up to the pool's worker count of threads.</summary>
    public void ForEach(int count, Action<LocomotionEnv, int> body)
    {
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = _workers }, i =>
        {
            if (!_idle.TryTake(out var env))
                env = new LocomotionEnv(_task, Model);
            try
            {
                body(env, i);
            }
            finally
            {
                _idle.Add(env);
            }
        });
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var env)) env.Dispose();
        Model.Dispose();
    }
}
