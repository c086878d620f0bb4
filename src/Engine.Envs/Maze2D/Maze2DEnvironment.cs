namespace Engine.Envs.Maze2D;

/// <summary>Behaviour switches that differ between official D4RL and the relative-reward fork.</summary>
/// <param name="ClipVelocity">Official D4RL clips qvel to [−5, 5] before each step; the fork does not.</param>
/// <param name="TimeStep">Integration step (0.01 in D4RL); other values exist for tests of the contact sweep.</param>
public sealed record Maze2DOptions(bool ClipVelocity = true, double TimeStep = PointMassModel.TimeStep)
{
    /// <summary>Official D4RL: velocities clipped to [−5, 5].</summary>
    public static Maze2DOptions Official { get; } = new(ClipVelocity: true);
    /// <summary>The paper authors' fork, which generated their datasets: no velocity clip.</summary>
    public static Maze2DOptions RelativeRewardFork { get; } = new(ClipVelocity: false);
}

/// <summary>
/// D4RL's MazeEnv in managed code: the point mass of <see cref="PointMassModel"/> among the maze's wall boxes.
/// Observation = [qpos_x, qpos_y, qvel_x, qvel_y] (4); action = motor controls [u_x, u_y] ∈ [−1, 1]² (clipped).
/// Episodes never terminate by themselves; they are truncated at <see cref="MaxEpisodeSteps"/>.
/// </summary>
public sealed class Maze2DEnvironment : IEnvironment
{
    private readonly WallCollider _walls;
    private double _x, _y, _vx, _vy;
    private int _t;

    /// <summary>The registered task: layout, reward kind, step limit, reference scores.</summary>
    public Maze2DTask Task { get; }
    /// <summary>The simulator switches in use.</summary>
    public Maze2DOptions Options { get; }
    /// <summary>The task's maze layout.</summary>
    public MazeLayout Layout => Task.Layout;
    /// <inheritdoc/>
    public string Name => Task.Id;
    /// <inheritdoc/>
    public BoxSpace ObservationSpace { get; } = BoxSpace.Uniform(4, double.NegativeInfinity, double.PositiveInfinity);
    /// <inheritdoc/>
    public BoxSpace ActionSpace { get; } = BoxSpace.Uniform(2, -1, 1);
    /// <inheritdoc/>
    public int MaxEpisodeSteps { get; }
    /// <summary>Target in qpos coordinates (logical cell centres are integers).</summary>
    public (double X, double Y) Target { get; set; }
    /// <summary>qpos, the ball's position in the logical grid frame (cell centres are integers).</summary>
    public (double X, double Y) Position => (_x, _y);
    /// <summary>qvel, the ball's velocity in cells per second.</summary>
    public (double X, double Y) Velocity => (_vx, _vy);
    /// <summary>Steps since the last reset.</summary>
    public int ElapsedSteps => _t;
    /// <summary>The contact model of this maze's walls.</summary>
    public WallCollider Walls => _walls;

    /// <summary>An environment for <paramref name="task"/>, its target at the layout's default; call <see cref="Reset"/> before stepping.</summary>
    /// <param name="task">The registered task.</param>
    /// <param name="options">Simulator switches; null: <see cref="Maze2DOptions.Official"/>.</param>
    /// <param name="maxEpisodeSteps">Overrides the task's limit (the paper's data use 1000) when given.</param>
    public Maze2DEnvironment(Maze2DTask task, Maze2DOptions? options = null, int? maxEpisodeSteps = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        Task = task;
        Options = options ?? Maze2DOptions.Official;
        if (!(Options.TimeStep > 0) || double.IsInfinity(Options.TimeStep))
            throw new ArgumentException($"TimeStep must be positive and finite, got {Options.TimeStep}.", nameof(options));
        MaxEpisodeSteps = maxEpisodeSteps ?? task.MaxEpisodeSteps;
        if (MaxEpisodeSteps <= 0) throw new ArgumentException($"maxEpisodeSteps must be positive, got {MaxEpisodeSteps}.", nameof(maxEpisodeSteps));
        _walls = new WallCollider(task.Layout);
        var (tr, tc) = task.Layout.DefaultTarget;
        Target = (tr, tc);
    }

    /// <summary>The current observation [qpos_x, qpos_y, qvel_x, qvel_y] (a new array).</summary>
    public double[] Observation => [_x, _y, _vx, _vy];

    /// <summary>
    /// Official reset: a random cell of <see cref="MazeLayout.FreeCells"/> plus U(−0.1, 0.1)² on qpos, and
    /// qvel ~ N(0, 0.1²) per axis. The target is left unchanged (D4RL's reset_target is False).
    /// </summary>
    public double[] Reset(ulong seed)
    {
        var rng = new Rng(seed);
        var (r, c) = Layout.FreeCells[rng.NextInt(Layout.FreeCells.Count)];
        double x = r + rng.Uniform(-0.1, 0.1);
        double y = c + rng.Uniform(-0.1, 0.1);
        double vx = 0.1 * rng.Normal();
        double vy = 0.1 * rng.Normal();
        return ResetTo(x, y, vx, vy);
    }

    /// <summary>
    /// Starts at rest at a continuous position drawn uniformly from the free space kept <paramref name="margin"/> from
    /// the walls (logical frame, see <see cref="FreeSpaceSampler"/>).
    /// </summary>
    public double[] ResetUniform(ulong seed, double margin = 0.26)
    {
        var sampler = new FreeSpaceSampler(Layout, margin);
        var rng = new Rng(seed);
        var (x, y) = sampler.Sample(rng);
        // The margin is kept from the logical wall cells; the physical boxes sit 0.2 off the grid, so a draw in
        // the corner by a wall can land just inside one. Such a draw is redrawn (seeds that never hit one keep
        // their positions).
        while (IsInsideWall(x, y)) (x, y) = sampler.Sample(rng);
        return ResetTo(x, y);
    }

    /// <summary>True when the point (x, y) lies inside a physical wall box, where no episode may start.</summary>
    public bool IsInsideWall(double x, double y) => _walls.DistanceToWalls(x, y) == 0;

    /// <summary>Starts an episode at a given state (qpos, qvel). A ball placed overlapping a wall is pushed out.</summary>
    public double[] ResetTo(double x, double y, double vx = 0, double vy = 0)
    {
        if (!double.IsFinite(x) || !double.IsFinite(y) || !double.IsFinite(vx) || !double.IsFinite(vy))
            throw new ArgumentException($"State ({x}, {y}, {vx}, {vy}) must be finite.");
        // The logical cell of a legal position may be a wall cell (walls sit 0.2 off the grid); only a centre inside
        // a physical wall box is refused.
        if (IsInsideWall(x, y))
        {
            var (row, col) = MazeLayout.CellOf(x + PointMassModel.BodyOffset - 1, y + PointMassModel.BodyOffset - 1);
            throw new ArgumentException($"Position ({x}, {y}) lies inside the wall box of cell ({row}, {col}) of maze '{Layout.Name}'.", nameof(x));
        }
        _x = x; _y = y; _vx = vx; _vy = vy;
        _walls.Depenetrate(ref _x, ref _y, ref _vx, ref _vy);
        _t = 0;
        return Observation;
    }

    /// <summary>Reward of a position for the current target (sparse or dense as the task says).</summary>
    public double RewardAt(double x, double y)
    {
        double distance = Math.Sqrt((x - Target.X) * (x - Target.X) + (y - Target.Y) * (y - Target.Y));
        return Task.Reward == MazeReward.Sparse ? (distance <= 0.5 ? 1.0 : 0.0) : Math.Exp(-distance);
    }

    /// <summary>One 0.01 s step with controls [u_x, u_y] clipped to [−1, 1] (NaN counts as 0); never terminates, truncates at <see cref="MaxEpisodeSteps"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="action"/> does not have 2 values.</exception>
    public StepResult Step(ReadOnlySpan<double> action)
    {
        if (action.Length != 2)
            throw new ArgumentException($"action has length {action.Length}; Maze2D expects 2 (u_x, u_y).", nameof(action));
        double ux = ClipControl(action[0]), uy = ClipControl(action[1]);
        if (Options.ClipVelocity)
        {
            _vx = Math.Clamp(_vx, -5, 5);
            _vy = Math.Clamp(_vy, -5, 5);
        }
        Integrate(ux, uy);
        _t++;
        return new StepResult(Observation, RewardAt(_x, _y), false, _t >= MaxEpisodeSteps);
    }

    /// <summary>NaN controls count as 0 (MuJoCo would propagate NaN; a dataset must not).</summary>
    private static double ClipControl(double u) => double.IsNaN(u) ? 0 : Math.Clamp(u, -1, 1);

    /// <summary>One MuJoCo Euler step with the wall contacts swept along the new velocity.</summary>
    private void Integrate(double ux, double uy)
    {
        double h = Options.TimeStep;
        // The sweep assumes a non-overlapping start; restore that if round-off ever broke it.
        if (_walls.Overlaps(_x, _y, tolerance: 1e-9)) _walls.Depenetrate(ref _x, ref _y, ref _vx, ref _vy);
        _vx = PointMassModel.NextVelocity(_vx, ux, h);
        _vy = PointMassModel.NextVelocity(_vy, uy, h);
        // Free space: x + h·v exactly as MuJoCo adds it; a contact shortens the move and removes normal velocity.
        _walls.Move(ref _x, ref _y, ref _vx, ref _vy, h * _vx, h * _vy);
    }

    /// <summary>Does nothing: the simulator holds no unmanaged resources.</summary>
    public void Dispose() { }
}
