namespace Engine.Envs.Maze2D;

/// <summary>How intermediate waypoints are placed around the planned cell centres.</summary>
public enum WaypointStyle
{
    /// <summary>Official D4RL: each intermediate waypoint = cell centre − U(0, 1)²·0.2, drawn per waypoint.</summary>
    OfficialJitter,
    /// <summary>Relative-reward fork: one offset U(−0.24, 0.24)² per plan added to every intermediate centre.</summary>
    SharedOffset,
    /// <summary>Fork's open-space mode: a single waypoint, the target (straight line).</summary>
    Straight,
}

/// <summary>
/// PD waypoint controller parameters (D4RL's d4rl/pointmaze/waypoint_controller.py). <see cref="Official"/> is D4RL's; <see cref="RelativeRewardFork"/>
/// is the paper authors' variant used for their datasets.
/// </summary>
/// <param name="PGain">Proportional gain p on (waypoint − position).</param>
/// <param name="DGain">Gain d on the velocity (negative: damping).</param>
/// <param name="SolveThreshold">Distance to a waypoint or the target, in cells, under which it counts as reached.</param>
/// <param name="PlannerIterations">Q-iteration sweeps of the <see cref="GridPlanner"/>.</param>
/// <param name="Style">How intermediate waypoints are placed.</param>
/// <param name="ClipActions">Clip the action to [−1, 1] inside the controller (official); the fork returns it unclipped.</param>
/// <param name="ExactTarget">Steer to
/// <param name="DisplacementThreshold">Largest position change since the previous call, in cells, for a waypoint to count as reached.</param>
/// <param name="SharedOffsetRange">Half-width r of the fork's shared offset U(−r, r)².</param> the continuous target (fork) instead of its cell centre (official).</param>
public sealed record WaypointControllerSettings(
    double PGain, double DGain, double SolveThreshold, int PlannerIterations, WaypointStyle Style,
    bool ClipActions, bool ExactTarget, double DisplacementThreshold = 0.1, double SharedOffsetRange = 0.24)
{
    /// <summary>D4RL's controller: p 10, d −1, threshold 0.1, 50 planner sweeps, jittered waypoints, clipped actions, steering to the target's cell centre.</summary>
    public static WaypointControllerSettings Official { get; } =
        new(10.0, -1.0, 0.1, 50, WaypointStyle.OfficialJitter, ClipActions: true, ExactTarget: false);

    /// <summary>The paper authors' fork: p 3, d −√0.3, threshold 0.3, 25 sweeps, one shared offset, unclipped actions, steering to the exact target.</summary>
    public static WaypointControllerSettings RelativeRewardFork { get; } =
        new(3.0, -Math.Sqrt(0.3), 0.3, 25, WaypointStyle.SharedOffset, ClipActions: false, ExactTarget: true);

    /// <summary>The fork's open-maze mode: <see cref="RelativeRewardFork"/> steering straight at the target.</summary>
    public static WaypointControllerSettings RelativeRewardForkOpenSpace { get; } =
        RelativeRewardFork with { Style = WaypointStyle.Straight };

    /// <summary>The fork's settings for a layout: open space for the open maze, waypoints elsewhere.</summary>
    public static WaypointControllerSettings ForkFor(MazeLayout layout) =>
        layout == MazeLayout.Open ? RelativeRewardForkOpenSpace : RelativeRewardFork;
}

/// <summary>
/// D4RL's waypoint controller: plans cell waypoints to the target with <see cref="GridPlanner"/>, then applies
/// a = p·(waypoint − location) + d·velocity. "Displacement" is the position change since the previous call (not the
/// velocity); the task counts as solved within <c>SolveThreshold</c> of the target while that displacement is
/// below <c>DisplacementThreshold</c>. Random offsets come from the generator passed in, so plans are seeded.
/// </summary>
public sealed class WaypointController
{
    private readonly GridPlanner _planner;
    private readonly Rng _rng;
    private readonly List<(double X, double Y)> _waypoints = [];
    private (double X, double Y) _target = (-1000, -1000);
    private (double X, double Y) _previous = (0, 0);
    private int _index;

    /// <summary>The controller's gains, thresholds and waypoint style.</summary>
    public WaypointControllerSettings Settings { get; }
    /// <summary>The maze planned in.</summary>
    public MazeLayout Layout => _planner.Layout;
    /// <summary>The current plan's waypoints in qpos coordinates, the last one the target (a live view).</summary>
    public IReadOnlyList<(double X, double Y)> Waypoints => _waypoints;
    /// <summary>Index of the waypoint being steered to; 0 until the first one is reached.</summary>
    public int WaypointIndex => _index;

    /// <summary>A controller with no plan yet; the first <see cref="Act"/> plans.</summary>
    /// <param name="layout">The maze.</param>
    /// <param name="settings">Gains, thresholds and waypoint style.</param>
    /// <param name="rng">Source of the waypoint offsets (kept and advanced by the controller).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public WaypointController(MazeLayout layout, WaypointControllerSettings settings, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(layout);
        Settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _rng = rng ?? throw new ArgumentNullException(nameof(rng));
        _planner = new GridPlanner(layout, settings.PlannerIterations);
    }

    private (double X, double Y) Effective((double X, double Y) target) =>
        Settings.ExactTarget ? target : MazeLayout.CellOf(target.X, target.Y);

    /// <summary>Plans waypoints from <paramref name="location"/> to <paramref name="target"/> (the generator forces this after every reset).</summary>
    public void Replan((double X, double Y) location, (double X, double Y) target)
    {
        _target = Effective(target);
        _index = 0;
        _waypoints.Clear();
        if (Settings.Style == WaypointStyle.Straight)
        {
            _waypoints.Add(_target);
            return;
        }
        var targetCell = MazeLayout.CellOf(target.X, target.Y);
        var path = _planner.Path(MazeLayout.CellOf(location.X, location.Y), targetCell);
        (double X, double Y) shared = Settings.Style == WaypointStyle.SharedOffset
            ? (_rng.Uniform(-Settings.SharedOffsetRange, Settings.SharedOffsetRange), _rng.Uniform(-Settings.SharedOffsetRange, Settings.SharedOffsetRange))
            : (0, 0);
        foreach (var (r, c) in path)
        {
            if ((r, c) == targetCell)
            {
                _waypoints.Add(_target);
            }
            else if (Settings.Style == WaypointStyle.OfficialJitter)
            {
                double jx = _rng.NextDouble() * 0.2, jy = _rng.NextDouble() * 0.2;
                _waypoints.Add((r - jx, c - jy));
            }
            else
            {
                _waypoints.Add((r + shared.X, c + shared.Y));
            }
        }
    }

    /// <summary>One control decision; re-plans first when the target moved (official: its cell changed; fork: by &gt; 1e−3).</summary>
    public (double Ax, double Ay, bool Solved) Act((double X, double Y) location, (double X, double Y) velocity, (double X, double Y) target)
    {
        var effective = Effective(target);
        if (Distance(effective, _target) > 1e-3 || _waypoints.Count == 0) Replan(location, target);

        double dist = Distance(location, _target);
        double displacement = Distance(_previous, location);
        bool notSolved = dist >= Settings.SolveThreshold || displacement >= Settings.DisplacementThreshold;
        var waypoint = notSolved ? _waypoints[_index] : _target;
        double ax = Settings.PGain * (waypoint.X - location.X) + Settings.DGain * velocity.X;
        double ay = Settings.PGain * (waypoint.Y - location.Y) + Settings.DGain * velocity.Y;
        if (notSolved && Distance(location, waypoint) < Settings.SolveThreshold && displacement < Settings.DisplacementThreshold)
            _index = Math.Min(_index + 1, _waypoints.Count - 1); // D4RL indexes past the end only in states it asserts impossible
        _previous = location;
        if (Settings.ClipActions)
        {
            ax = Math.Clamp(ax, -1, 1);
            ay = Math.Clamp(ay, -1, 1);
        }
        return (ax, ay, !notSolved);
    }

    private static double Distance((double X, double Y) a, (double X, double Y) b) =>
        Math.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y));
}
