using Engine.Envs.Maze2D;

namespace Engine.Envs.MuJoCo.Maze;

/// <summary>
/// Maze2D on real MuJoCo physics: D4RL's MazeEnv semantics over <see cref="PointMazeModel"/>.
/// Same observation, action, reward, reset distribution and random stream as the managed
/// <see cref="Maze2DEnvironment"/> (which stays the default), so the two can be compared step by step.
/// </summary>
public sealed class MuJoCoMaze2DEnvironment : IEnvironment
{
    private readonly MjModel model;
    private readonly MjData data;
    private int steps;

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
        model = MjModel.FromXml(PointMazeModel.Xml(task.Layout), $"point_maze_{task.Layout.Name}");
        data = new MjData(model);
        var (tr, tc) = task.Layout.DefaultTarget;
        Target = (tr, tc);
    }

    public Maze2DTask Task { get; }
    public Maze2DOptions Options { get; }
    public string Name => Task.Id + "-mujoco";
    public BoxSpace ObservationSpace { get; } = BoxSpace.Uniform(4, double.NegativeInfinity, double.PositiveInfinity);
    public BoxSpace ActionSpace { get; } = BoxSpace.Uniform(2, -1, 1);
    public int MaxEpisodeSteps { get; }
    public (double X, double Y) Target { get; set; }
    public MjData Data => data;

    public double[] Observation => [data.Qpos[0], data.Qpos[1], data.Qvel[0], data.Qvel[1]];

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
        data.Reset();
        data.Qpos[0] = x;
        data.Qpos[1] = y;
        data.Qvel[0] = vx;
        data.Qvel[1] = vy;
        data.Forward();
        steps = 0;
        return Observation;
    }

    public StepResult Step(ReadOnlySpan<double> action)
    {
        if (action.Length != 2)
            throw new ArgumentException($"action has length {action.Length}; Maze2D expects 2 (u_x, u_y).", nameof(action));
        if (Options.ClipVelocity)
        {
            // Official D4RL re-sets the state with qvel clipped to [−5, 5] before simulating.
            data.Qvel[0] = Math.Clamp(data.Qvel[0], -5, 5);
            data.Qvel[1] = Math.Clamp(data.Qvel[1], -5, 5);
            data.Forward();
        }
        data.Ctrl[0] = double.IsNaN(action[0]) ? 0 : Math.Clamp(action[0], -1, 1);
        data.Ctrl[1] = double.IsNaN(action[1]) ? 0 : Math.Clamp(action[1], -1, 1);
        data.Step();
        steps++;
        var (x, y) = (data.Qpos[0], data.Qpos[1]);
        var distance = Math.Sqrt((x - Target.X) * (x - Target.X) + (y - Target.Y) * (y - Target.Y));
        var reward = Task.Reward == MazeReward.Sparse ? (distance <= 0.5 ? 1.0 : 0.0) : Math.Exp(-distance);
        return new StepResult(Observation, reward, false, steps >= MaxEpisodeSteps);
    }

    public void Dispose()
    {
        data.Dispose();
        model.Dispose();
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
    public static IEnvironment Create(Maze2DTask task, MazeBackend backend = MazeBackend.Managed, Maze2DOptions? options = null, int? maxEpisodeSteps = null) =>
        backend switch
        {
            MazeBackend.Managed => new Maze2DEnvironment(task, options, maxEpisodeSteps),
            MazeBackend.MuJoCo => new MuJoCoMaze2DEnvironment(task, options, maxEpisodeSteps),
            _ => throw new ArgumentOutOfRangeException(nameof(backend), backend, "unknown Maze2D backend"),
        };
}
