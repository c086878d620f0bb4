using Engine.Envs;
using Engine.Envs.Maze2D;

namespace Engine.Experiments.Maze2D;

/// <summary>
/// Goals for the generalisation runs: points drawn uniformly from a maze's free space kept 0.26 from the walls
/// (<see cref="FreeSpaceSampler"/> with area weighting, the distribution of the datasets' starts), rounded to two
/// decimals so the configuration reads cleanly, and redrawn when they come within a quarter cell of one of the maze's
/// paper goals or of an earlier draw. The stream is named by the seed and the maze, so one seed gives every maze its
/// own fixed set, and the points themselves are what the configuration (config.json) records.
/// </summary>
public static class RandomGoals
{
    /// <summary>Least distance of a drawn goal from a paper goal and from the other drawn goals, in cells.</summary>
    public const double Separation = 0.25;

    /// <summary><paramref name="count"/> points of <paramref name="task"/>'s maze from seed <paramref name="seed"/>, in draw order.</summary>
    /// <param name="tag">The maze's name in streams (<see cref="Maze2DConfig.MazeTag"/>).</param>
    public static MazeGoal[] Draw(Maze2DTask task, string tag, int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var rng = new Rng(ExperimentSeeds.Derive((ulong)seed, $"maze2d/{tag}/random-goals"));
        var sampler = new FreeSpaceSampler(task.Layout);
        var avoid = PaperGoals.TryFor(task).ToList();
        var goals = new List<MazeGoal>();
        for (int attempt = 0; goals.Count < count; attempt++)
        {
            if (attempt > 100_000)
                throw new Engine.IO.InputException("too many random goals", $"maze '{task.Layout.Name}'",
                    $"no room for {count} goals {Separation} cells apart and from the paper goals; ask for fewer");
            var (x, y) = sampler.Sample(rng);
            (x, y) = (Math.Round(x, 2), Math.Round(y, 2));
            if (GoalPlacement.Problem(task.Layout, x, y) is not null) continue; // rounding moved it within the margin
            if (avoid.Any(p => Math.Sqrt((p.X - x) * (p.X - x) + (p.Y - y) * (p.Y - y)) < Separation)) continue;
            goals.Add(MazeGoal.At(x, y));
            avoid.Add((x, y));
        }
        return [.. goals];
    }
}
