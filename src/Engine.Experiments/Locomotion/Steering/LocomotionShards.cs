using Engine.Experiments.Maze2D;

namespace Engine.Experiments.Locomotion.Steering;

/// <summary>
/// Shard k/n of a locomotion sweep. Its units are the rollout conditions of every robot — robot × condition, the
/// guidance grid's cells and the second base's two included — in canonical order (the robots as given, each robot's
/// conditions as <see cref="LocomotionExperiment.Units"/>); unit i of N belongs to shard ⌊i·n/N⌋ + 1, the maze
/// sweep's contiguous blocks (<see cref="ShardSpec"/>), so a robot's conditions mostly stay in one shard and, with as
/// many shards as robots of equal size, each shard holds one robot.
/// </summary>
public sealed class LocomotionShards
{
    private LocomotionShards(IReadOnlyList<LocomotionExperimentConfig> robots, ShardSpec shard, int total, IReadOnlyList<IReadOnlyList<string>> mine)
    {
        Robots = robots;
        Shard = shard;
        Total = total;
        Mine = mine;
    }

    public IReadOnlyList<LocomotionExperimentConfig> Robots { get; }

    public ShardSpec Shard { get; }

    /// <summary>The sweep's rollout conditions over all robots.</summary>
    public int Total { get; }

    /// <summary>This shard's conditions, per robot (in the order of <see cref="Robots"/>; empty for a robot it has none of).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Mine { get; }

    public static LocomotionShards Of(IReadOnlyList<LocomotionExperimentConfig> robots, ShardSpec shard)
    {
        var units = robots.SelectMany((c, r) => LocomotionExperiment.Units(c).Select(u => (Robot: r, Unit: u))).ToList();
        var mine = units.Where((_, i) => shard.ShardOf(i, units.Count) == shard.Index).ToList();
        return new LocomotionShards(robots, shard, units.Count,
            [.. robots.Select((_, r) => (IReadOnlyList<string>)[.. mine.Where(m => m.Robot == r).Select(m => m.Unit)])]);
    }

    /// <summary>"3 of the sweep's 7 rollout conditions: hopper BaseUnsteered, BaseDiscriminator, BaseReward" (or "none of …").</summary>
    public string Describe()
    {
        int count = Mine.Sum(m => m.Count);
        var parts = Robots.Select((c, r) => Mine[r].Count == 0 ? null : $"{c.Task.Name} {string.Join(", ", Mine[r])}").OfType<string>();
        return count == 0 ? $"none of the sweep's {Total} rollout conditions" : $"{count} of the sweep's {Total} rollout conditions: {string.Join("; ", parts)}";
    }
}
