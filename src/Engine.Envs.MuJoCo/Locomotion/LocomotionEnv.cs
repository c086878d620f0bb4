namespace Engine.Envs.MuJoCo.Locomotion;

/// <summary>
/// A Gym v3 locomotion environment (Hopper, Walker2d, HalfCheetah) on real MuJoCo physics.
/// Step: ctrl = action (MuJoCo clamps to ctrlrange; the control cost uses the action as given,
/// as v3 does), mj_step × frame_skip, reward = w·Δx/dt + healthy − c·Σa², observation
/// = [qpos[1:], clip(qvel)]. Owns one mjData; the mjModel may be shared with other instances.
/// </summary>
public sealed class LocomotionEnv : IEnvironment
{
    private readonly MjModel _model;
    private readonly bool _ownsModel;
    private readonly MjData _data;
    private int _steps;
    private bool _needsReset = true;

    /// <summary>Creates an environment with its own model.</summary>
    public LocomotionEnv(LocomotionTask task)
        : this(task, MjModel.FromXml(task.LoadModelXml(), task.Name), ownsModel: true)
    {
    }

    /// <summary>Creates an environment over a shared, caller-owned model compiled from the task's MJCF.</summary>
    public LocomotionEnv(LocomotionTask task, MjModel sharedModel) : this(task, sharedModel, ownsModel: false)
    {
    }

    /// <summary>
    /// Creates <paramref name="count"/> environments over one shared model, e.g. for a
    /// <see cref="VectorEnvironment"/>. The first environment owns the model; the native model is
    /// freed only after the last environment's data is freed, whatever the disposal order.
    /// </summary>
    public static LocomotionEnv[] CreateMany(LocomotionTask task, int count)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var model = MjModel.FromXml(task.LoadModelXml(), task.Name);
        var envs = new LocomotionEnv[count];
        for (var i = 0; i < count; i++)
            envs[i] = new LocomotionEnv(task, model, ownsModel: i == 0);
        return envs;
    }

    /// <summary>A vectorised, parallel set of <paramref name="count"/> environments sharing one model.</summary>
    public static VectorEnvironment CreateVector(LocomotionTask task, int count, bool autoReset = true, int maxParallelism = 0) =>
        new(CreateMany(task, count), autoReset, maxParallelism);

    private LocomotionEnv(LocomotionTask task, MjModel model, bool ownsModel)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(model);
        Task = task;
        _model = model;
        _ownsModel = ownsModel;
        _data = new MjData(model);
        var nu = model.Nu;
        var range = model.ActuatorCtrlRange;
        var low = new double[nu];
        var high = new double[nu];
        for (var i = 0; i < nu; i++)
        {
            low[i] = range[2 * i];
            high[i] = range[2 * i + 1];
        }
        ActionSpace = new BoxSpace(low, high);
        ObservationSpace = BoxSpace.Uniform(model.Nq - 1 + model.Nv, double.NegativeInfinity, double.PositiveInfinity);
        Dt = model.Timestep * task.FrameSkip;
    }

    /// <summary>The robot's Gym v3 constants.</summary>
    public LocomotionTask Task { get; }
    /// <inheritdoc/>
    public string Name => Task.Name;
    /// <inheritdoc/>
    public BoxSpace ObservationSpace { get; }
    /// <inheritdoc/>
    public BoxSpace ActionSpace { get; }
    /// <inheritdoc/>
    public int MaxEpisodeSteps => Task.MaxEpisodeSteps;

    /// <summary>Environment time step: timestep × frame_skip.</summary>
    public double Dt { get; }

    /// <summary>Steps taken in the current episode.</summary>
    public int EpisodeSteps => _steps;

    /// <summary>The underlying simulation state (for rendering and snapshots).</summary>
    public MjData Data => _data;

    /// <summary>Gym v3 reset: qpos = qpos0 + U(±scale), qvel by the task's <see cref="ResetNoise"/>, then mj_forward; returns the first observation.</summary>
    public double[] Reset(ulong seed)
    {
        var rng = new Rng(seed);
        _data.Reset();
        var qpos = _data.Qpos;
        var qvel = _data.Qvel;
        var qpos0 = _model.Qpos0;
        var scale = Task.ResetNoiseScale;
        for (var i = 0; i < qpos.Length; i++)
            qpos[i] = qpos0[i] + rng.Uniform(-scale, scale);
        for (var i = 0; i < qvel.Length; i++)
            qvel[i] = Task.NoiseKind == ResetNoise.UniformBoth ? rng.Uniform(-scale, scale) : scale * rng.Normal();
        _data.Forward();
        _steps = 0;
        _needsReset = false;
        return Observe();
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">No <see cref="Reset"/> since creation or since the episode ended.</exception>
    /// <exception cref="ArgumentException"><paramref name="action"/> does not have ActionSpace.Size values.</exception>
    public StepResult Step(ReadOnlySpan<double> action)
    {
        if (_needsReset)
            throw new InvalidOperationException($"{Name}: call Reset before Step (a new environment or a finished episode).");
        if (action.Length != ActionSpace.Size)
            throw new ArgumentException($"{Name}: action has {action.Length} entries, expected {ActionSpace.Size}.", nameof(action));

        var ctrl = _data.Ctrl;
        var controlCost = 0.0;
        for (var i = 0; i < ctrl.Length; i++)
        {
            ctrl[i] = action[i];
            controlCost += action[i] * action[i];
        }
        var xBefore = _data.Qpos[0];
        for (var k = 0; k < Task.FrameSkip; k++)
            _data.Step();
        var xAfter = _data.Qpos[0];
        _steps++;

        // A diverged simulation has been auto-reset by MuJoCo; its state is meaningless, so the episode ends.
        var diverged = _data.Diverged;
        var healthy = !diverged && Task.IsHealthy(_data.Qpos, _data.Qvel);
        var xVelocity = (xAfter - xBefore) / Dt;
        // Gym v3 pays float(is_healthy or terminate_when_unhealthy) × healthy_reward, so with termination
        // enabled the bonus is also paid on the terminal step.
        var healthyReward = healthy || Task.TerminatesWhenUnhealthy ? Task.HealthyReward : 0.0;
        var reward = Task.ForwardRewardWeight * xVelocity + healthyReward - Task.ControlCostWeight * controlCost;
        var terminated = diverged || (Task.TerminatesWhenUnhealthy && !healthy);
        var truncated = _steps >= Task.MaxEpisodeSteps;
        if (terminated || truncated)
            _needsReset = true;
        return new StepResult(Observe(), diverged ? 0.0 : reward, terminated, truncated);
    }

    /// <summary>
    /// The full simulation state of the current episode (time, qpos, qvel, act, the solver's warm start
    /// and the step count): <see cref="Restore"/> on any environment of the same task continues
    /// bit-identically, which is what model-predictive control with the simulator as its model needs.
    /// </summary>
    public LocomotionState Snapshot()
    {
        if (_needsReset)
            throw new InvalidOperationException($"{Name}: no episode to snapshot (call Reset first).");
        return new LocomotionState(_data.Time, _data.Qpos.ToArray(), _data.Qvel.ToArray(), _data.Act.ToArray(),
            _data.QaccWarmstart.ToArray(), _steps);
    }

    /// <summary>Puts this environment into <paramref name="state"/> (from <see cref="Snapshot"/> of an environment of the same task).</summary>
    public void Restore(LocomotionState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Qpos.Length != _data.Qpos.Length || state.Qvel.Length != _data.Qvel.Length
            || state.Act.Length != _data.Act.Length || state.QaccWarmstart.Length != _data.QaccWarmstart.Length)
            throw new ArgumentException($"{Name}: the state has nq={state.Qpos.Length}, nv={state.Qvel.Length}; this model has nq={_data.Qpos.Length}, nv={_data.Qvel.Length}", nameof(state));
        // The reset clears MuJoCo's warning counters, so a divergence is attributed to this episode only.
        _data.Reset();
        _data.Time = state.Time;
        state.Qpos.CopyTo(_data.Qpos);
        state.Qvel.CopyTo(_data.Qvel);
        state.Act.CopyTo(_data.Act);
        state.QaccWarmstart.CopyTo(_data.QaccWarmstart);
        _steps = state.Steps;
        _needsReset = false;
    }

    /// <summary>Current observation: qpos[1:] then qvel clipped to ±VelocityClip where the task clips.</summary>
    public double[] Observe()
    {
        var qpos = _data.Qpos;
        var qvel = _data.Qvel;
        var obs = new double[qpos.Length - 1 + qvel.Length];
        qpos[1..].CopyTo(obs);
        var clip = Task.VelocityClip;
        for (var i = 0; i < qvel.Length; i++)
            obs[qpos.Length - 1 + i] = Math.Clamp(qvel[i], -clip, clip);
        return obs;
    }

    /// <summary>Frees the native data, and the model when this environment owns it.</summary>
    public void Dispose()
    {
        _data.Dispose();
        if (_ownsModel)
            _model.Dispose();
    }
}

/// <summary>A <see cref="LocomotionEnv"/> mid-episode: what the next step depends on.</summary>
public sealed record LocomotionState(double Time, double[] Qpos, double[] Qvel, double[] Act, double[] QaccWarmstart, int Steps);
