namespace Engine.Envs.Maze2D;

/// <summary>
/// One seeded stream of controller episodes, following the fork's generation loop (docs/reference-facts.md §10). Row layout of an
/// episode: <c>Rows: [T, 12]</c> = qpos(2), qvel(2), action(2, unclipped), goal(2), qpos(2), qvel(2); plus a final flag
/// saying whether it ended by the cap rather than by the controller's "solved".
/// </summary>
internal sealed class Maze2DEpisodeWorker
{
    public const int RowWidth = 12;
    private const int MaxConsecutiveDiscards = 10_000;
    private readonly Maze2DDatasetSpec _spec;
    private readonly Maze2DEnvironment _env;
    private readonly WaypointController _controller;
    private readonly FreeSpaceSampler _sampler;
    private readonly Rng _rng;

    /// <summary>Episodes thrown away (wall too close, or timed out at the first waypoint).</summary>
    public long Discarded { get; private set; }

    public Maze2DEpisodeWorker(Maze2DDatasetSpec spec, int index)
    {
        _spec = spec;
        _rng = new Rng(Rng.Derive(spec.Seed, (ulong)index));
        _env = new Maze2DEnvironment(spec.Task, spec.EnvironmentOptions, maxEpisodeSteps: spec.EpisodeCap + 1);
        _controller = new WaypointController(spec.Task.Layout, spec.ControllerSettings, _rng.Split());
        _sampler = new FreeSpaceSampler(spec.Task.Layout, spec.WallMargin, spec.Weighting);
    }

    /// <summary>The next kept episode: rows and whether it timed out.</summary>
    public (List<double> Rows, bool TimedOut) NextEpisode()
    {
        var rows = new List<double>(RowWidth * 256);
        for (int attempt = 0; attempt < MaxConsecutiveDiscards; attempt++)
        {
            rows.Clear();
            if (TryEpisode(rows, out bool timedOut)) return (rows, timedOut);
            Discarded++;
        }
        throw new Engine.IO.InputException("dataset cannot be produced", $"maze '{_spec.Task.Layout.Name}', goal {_spec.Goal?.ToString() ?? "random"}",
            $"{MaxConsecutiveDiscards} episodes in a row were discarded; the controller cannot reach this goal; choose another");
    }

    private bool TryEpisode(List<double> rows, out bool timedOut)
    {
        var start = _sampler.Sample(_rng);
        var target = _spec.Kind == DatasetKind.Expert ? _spec.Goal!.Value : _sampler.Sample(_rng);
        // The sampler keeps its margin from the logical wall cells, but the physical boxes sit 0.2 off the grid:
        // a start drawn in the corner by a wall can fall just inside one. It is discarded like any episode that
        // comes too close to a wall (after both draws, so streams that never hit one are unchanged).
        timedOut = false;
        if (_env.IsInsideWall(start.X, start.Y)) return false;
        _env.ResetTo(start.X, start.Y);
        _env.Target = target;
        _controller.Replan(_env.Position, target);
        for (int t = 0; ; t++)
        {
            var (x, y) = _env.Position;
            var (vx, vy) = _env.Velocity;
            var (ax, ay, solved) = _controller.Act((x, y), (vx, vy), target);
            bool done = solved || t >= _spec.EpisodeCap;
            rows.AddRange([x, y, vx, vy, ax, ay, target.X, target.Y, x, y, vx, vy]);
            if (_sampler.DistanceToWall(x, y) < _spec.WallMargin) return false;
            if (done)
            {
                timedOut = !solved;
                // A timeout while still heading for the first waypoint means the controller never got going.
                return !(timedOut && _controller.WaypointIndex == 0);
            }
            _env.Step([ax, ay]);
        }
    }
}
