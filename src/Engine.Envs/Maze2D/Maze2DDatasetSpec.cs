using Engine.Envs.Datasets;

namespace Engine.Envs.Maze2D;

/// <summary>General: a new random target every episode. Expert: one fixed goal for the whole dataset.</summary>
public enum DatasetKind
{
    /// <summary>A new random target every episode (D4RL's multi-goal data; the paper's base data).</summary>
    General,
    /// <summary>One fixed goal for the whole dataset (the paper's expert data).</summary>
    Expert,
}

/// <summary>
/// What to generate (docs/reference-facts.md §10, the paper's datasets by default): the fork's environment (no velocity clip), its
/// controller settings, a 1000-step episode cap, starts and general targets drawn by <see cref="FreeSpaceSampler"/>.
/// Same spec (seed and worker count included) ⇒ the same file, whatever the machine.
/// </summary>
/// <param name="Task">The Maze2D environment: layout, reward kind and episode limit.</param>
/// <param name="Kind">General (random targets) or expert (one fixed goal).</param>
/// <param name="Size">Transitions to write, 10 k … 10 M (any positive count is accepted).</param>
/// <param name="Seed">The seed of all randomness; with the other fields it determines the file.</param>
/// <param name="Goal">The fixed goal of an expert dataset (qpos / grid coordinates); null for general data.</param>
/// <param name="Controller">Waypoint controller settings; null: the fork's for the layout (<see cref="ControllerSettings"/>).</param>
/// <param name="Environment">Simulator switches; null: the fork's (no velocity clip).</param>
/// <param name="EpisodeCap">Steps after which an episode is cut (and flagged as a timeout).</param>
/// <param name="WallMargin">Least distance of starts and targets from walls, in cells, in [0, 0.5).</param>
/// <param name="Weighting">How start and target cells are chosen.</param>
/// <param name="Workers">Independent generator streams; part of the seed's meaning (more streams = different data), not a thread count.</param>
public sealed record Maze2DDatasetSpec(
    Maze2DTask Task,
    DatasetKind Kind,
    long Size,
    ulong Seed,
    (double X, double Y)? Goal = null,
    WaypointControllerSettings? Controller = null,
    Maze2DOptions? Environment = null,
    int EpisodeCap = 1000,
    double WallMargin = 0.26,
    CellWeighting Weighting = CellWeighting.Area,
    int Workers = 16)
{
    /// <summary>
    /// The most worker streams: every round simulates one episode per stream, so a stream count far above the
    /// dataset's episode count only burns time (100,000 streams for 1k transitions ran for minutes).
    /// </summary>
    public const int MaxWorkers = 1024;

    /// <summary><see cref="Controller"/>, or the fork's settings for the task's layout.</summary>
    public WaypointControllerSettings ControllerSettings => Controller ?? WaypointControllerSettings.ForkFor(Task.Layout);
    /// <summary><see cref="Environment"/>, or <see cref="Maze2DOptions.RelativeRewardFork"/>.</summary>
    public Maze2DOptions EnvironmentOptions => Environment ?? Maze2DOptions.RelativeRewardFork;

    /// <summary>infos/goal, infos/qpos, infos/qvel, each [N, 2] float32 as in D4RL's maze2d files.</summary>
    public static IReadOnlyList<InfoSpec> InfoSpecs { get; } =
    [
        new("goal", 2, StoredPrecision.Single),
        new("qpos", 2, StoredPrecision.Single),
        new("qvel", 2, StoredPrecision.Single),
    ];

    /// <summary>Checks sizes, worker count and the goal (given exactly for expert data, and not in a wall).</summary>
    /// <exception cref="Engine.IO.InputException">
    /// Size, episode cap or worker count is out of range, or the goal is missing, superfluous or inside a wall;
    /// <see cref="Engine.IO.InputException.Where"/> is the member (<c>Size</c>, <c>Goal</c>), for a caller to re-place at its option.
    /// </exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Task);
        static void Require(bool ok, string member, object? value, string why)
        {
            if (!ok) throw Engine.IO.InputException.InvalidValue(member, value, why);
        }
        Require(Size > 0, nameof(Size), Size, "the dataset size must be positive");
        Require(Size <= int.MaxValue / 8, nameof(Size), Size, $"at most {int.MaxValue / 8} transitions are supported");
        Require(EpisodeCap > 0, nameof(EpisodeCap), EpisodeCap, "the episode cap must be positive");
        Require(Workers is > 0 and <= MaxWorkers, nameof(Workers), Workers, $"worker streams must number 1 to {MaxWorkers}");
        if (Kind == DatasetKind.Expert && Goal is null)
            throw new Engine.IO.InputException("missing goal", nameof(Goal), "an expert dataset needs a goal");
        if (Kind == DatasetKind.General && Goal is not null)
            throw new Engine.IO.InputException("superfluous goal", nameof(Goal), "a general dataset draws a new goal every episode; do not give one");
        if (Goal is var (gx, gy))
        {
            var (r, c) = MazeLayout.CellOf(gx, gy);
            Require(!Task.Layout.IsWall(r, c), nameof(Goal), $"{gx},{gy}", $"it lies in wall cell ({r}, {c}) of maze '{Task.Layout.Name}'");
        }
    }
}
