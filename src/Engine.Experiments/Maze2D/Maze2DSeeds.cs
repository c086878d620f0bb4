namespace Engine.Experiments.Maze2D;

/// <summary>
/// The validation protocol of the maze table: settings are chosen by looking at validation seeds only
/// (<see cref="Validation"/>, and any seed from <see cref="FirstValidation"/> on), and the reported numbers come
/// from the test seeds (<see cref="Test"/>, the paper's five). The report keeps validation runs out of its
/// headline and prints them separately. The rule is a property of the seed number alone, so shards and merged
/// reports agree on it without being told.
/// </summary>
public static class Maze2DSeeds
{
    /// <summary>Seeds from here on are validation seeds.</summary>
    public const int FirstValidation = 100;

    /// <summary>The reported seeds (the paper's 5 per maze and goal).</summary>
    public static IReadOnlyList<int> Test { get; } = [0, 1, 2, 3, 4];

    /// <summary>The tuning seeds.</summary>
    public static IReadOnlyList<int> Validation { get; } = [100, 101];

    public static bool IsValidation(int seed) => seed >= FirstValidation;

    /// <summary>
    /// The seed of one random stream of run seed <paramref name="seed"/>: <see cref="ExperimentSeeds"/> over the
    /// name "maze2d/&lt;maze&gt;/&lt;stage&gt;" and the indices (the goal, where the stream belongs to one).
    /// </summary>
    public static ulong Stream(string maze, int seed, string stage, params long[] indices) =>
        ExperimentSeeds.Derive((ulong)seed, $"maze2d/{maze}/{stage}", indices);

    /// <summary>
    /// The seed of the discriminability bootstrap over a set of runs, named by the runs themselves (in the order
    /// given): the same runs get the same interval wherever it is computed — one run's own, a one-maze group, a
    /// merged summary.
    /// </summary>
    public static ulong Bootstrap(IEnumerable<(string Maze, MazeGoal Goal, int Seed)> runs) =>
        ExperimentSeeds.Derive(0, "maze2d/bootstrap", [.. runs.SelectMany(r => new long[] { Maze2DSummary.MazeIndex(r.Maze), r.Goal.Key, r.Seed })]);
}
