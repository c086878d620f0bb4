using Engine.Envs.Maze2D;

namespace Engine.Envs.MuJoCo.Maze;

/// <summary>
/// Maze2D on real MuJoCo physics: D4RL's MazeEnv semantics over <see cref="PointMazeModel"/>.
/// Same observation, action, reward, reset distribution and random stream as the managed
/// <see cref="Maze2DEnvironment"/> (which stays the default), so the two can be compared step by step.
/// </summary>
public sealed class MuJoCoMaze2DEnvironment : IEnvironment
{
    private readonly MjModel _model;
    private readonly MjData _data;
    private int _steps;

    /// <summary>Compiles the point-maze model of <paramref name="task"/>'s layout; the target starts at the layout's default.</summary>
    /// <param name="task">The registered task.</param>
    /// <param name="options">Simulator switches; null: <see cref="Maze2DOptions.Official"/>. The time step must be MuJoCo's 0.01 s.</param>
    /// <param name="maxEpisodeSteps">Overrides the task's step limit when given.</param>
    /// <exception cref="ArgumentException">The time step is not 0.01 s, or the step limit is not positive.</exception>
    /// <exception cref="MuJoCoException">libmujoco is missing or rejects the model.</exception>
    public MuJoCoMaze2DEnvironment(Maze2DTask task, Maze2DOptions? options = null, int? maxEpisodeSteps = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        Task = task;
        Options = options ?? Maze2DOptions.Official;
        if (Options.TimeStep != PointMassModel.TimeStep)
            throw new ArgumentException($"the MuJoCo maze model runs at {PointMassModel.TimeStep} s; got {Options.TimeStep}.", nameof(options));
        MaxEpisodeSteps = maxEpisodeSteps ?? task.MaxEpisodeSteps;
        if (MaxEpisodeSteps <= 0)
            throw new ArgumentException($"maxEpisodeSteps must be positive, got {MaxEpisodeSteps}.", nameof(maxEpisodeSteps));
        _model = MjModel.FromXml(PointMazeModel.Xml(task.Layout), $"point_maze_{task.Layout.Name}");
        _data = new MjData(_model);
        var (tr, tc) = task.Layout.DefaultTarget;
        Target = (tr, tc);
    }

    /// <summary>The registered task.</summary>
    public Maze2DTask Task { get; }
    /// <summary>The simulator switches in use.</summary>
    public Maze2DOptions Options { get; }
    /// <summary>The task's D4RL id with "-mujoco" appended.</summary>
    public string Name => Task.Id + "-mujoco";
    /// <inheritdoc/>
    public BoxSpace ObservationSpace { get; } = BoxSpace.Uniform(4, double.NegativeInfinity, double.PositiveInfinity);
    /// <inheritdoc/>
    public BoxSpace ActionSpace { get; } = BoxSpace.Uniform(2, -1, 1);
    /// <inheritdoc/>
    public int MaxEpisodeSteps { get; }
    /// <summary>The goal in qpos coordinates (cell centres are integers).</summary>
    public (double X, double Y) Target { get; set; }
    /// <summary>The underlying simulation state.</summary>
    public MjData Data => _data;

    /// <summary>The current observation [qpos_x, qpos_y, qvel_x, qvel_y] (a new array).</summary>
    public double[] Observation => [_data.Qpos[0], _data.Qpos[1], _data.Qvel[0], _data.Qvel[1]];

    /// <summary>The managed environment's reset distribution, drawn in the same order from the same stream.</summary>
    public double[] Reset(ulong seed)
    {
        var rng = new Rng(seed);
        var cells = Task.Layout.FreeCells;
        var (r, c) = cells[rng.NextInt(cells.Count)];
        var x = r + rng.Uniform(-0.1, 0.1);
        var y = c + rng.Uniform(-0.1, 0.1);
        var vx = 0.1 * rng.Normal();
        var vy = 0.1 * rng.Normal();
        return ResetTo(x, y, vx, vy);
    }

    /// <summary>mj_resetData, then the state, then mj_forward (Gym's set_state).</summary>
    public double[] ResetTo(double x, double y, double vx = 0, double vy = 0)
    {
        _data.Reset();
        _data.Qpos[0] = x;
        _data.Qpos[1] = y;
        _data.Qvel[0] = vx;
        _data.Qvel[1] = vy;
        _data.Forward();
        _steps = 0;
        return Observation;
    }

    /// <summary>One mj_step with controls clipped to [−1, 1] (NaN counts as 0); never terminates, truncates at <see cref="MaxEpisodeSteps"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="action"/> does not have 2 values.</exception>
    public StepResult Step(ReadOnlySpan<double> action)
    {
        if (action.Length != 2)
            throw new ArgumentException($"action has length {action.Length}; Maze2D expects 2 (u_x, u_y).", nameof(action));
        if (Options.ClipVelocity)
        {
            // Official D4RL re-sets the state with qvel clipped to [−5, 5] before simulating.
            _data.Qvel[0] = Math.Clamp(_data.Qvel[0], -5, 5);
            _data.Qvel[1] = Math.Clamp(_data.Qvel[1], -5, 5);
            _data.Forward();
        }
        _data.Ctrl[0] = double.IsNaN(action[0]) ? 0 : Math.Clamp(action[0], -1, 1);
        _data.Ctrl[1] = double.IsNaN(action[1]) ? 0 : Math.Clamp(action[1], -1, 1);
        _data.Step();
        _steps++;
        var (x, y) = (_data.Qpos[0], _data.Qpos[1]);
        var distance = Math.Sqrt((x - Target.X) * (x - Target.X) + (y - Target.Y) * (y - Target.Y));
        var reward = Task.Reward == MazeReward.Sparse ? (distance <= 0.5 ? 1.0 : 0.0) : Math.Exp(-distance);
        return new StepResult(Observation, reward, false, _steps >= MaxEpisodeSteps);
    }

    /// <summary>Frees the native data and model.</summary>
    public void Dispose()
    {
        _data.Dispose();
        _model.Dispose();
    }
}

/// <summary>Which physics runs Maze2D.</summary>
public enum MazeBackend
{
    /// <summary>The managed point-mass simulator (default).</summary>
    Managed,
    /// <summary>Real MuJoCo 2.2.2 through the bridge.</summary>
    MuJoCo,
}

/// <summary>Selects the Maze2D physics; the managed simulator is the default.</summary>
public static class Maze2DBackends
{
    /// <summary>A Maze2D environment on the chosen physics.</summary>
    /// <param name="task">The registered task.</param>
    /// <param name="backend">The physics.</param>
    /// <param name="options">Simulator switches; null: the official ones.</param>
    /// <param name="maxEpisodeSteps">Overrides the task's step limit when given.</param>
    public static IEnvironment Create(Maze2DTask task, MazeBackend backend = MazeBackend.Managed, Maze2DOptions? options = null, int? maxEpisodeSteps = null) =>
        backend switch
        {
            MazeBackend.Managed => new Maze2DEnvironment(task, options, maxEpisodeSteps),
            MazeBackend.MuJoCo => new MuJoCoMaze2DEnvironment(task, options, maxEpisodeSteps),
            _ => throw new ArgumentOutOfRangeException(nameof(backend), backend, "unknown Maze2D backend"),
        };
}
