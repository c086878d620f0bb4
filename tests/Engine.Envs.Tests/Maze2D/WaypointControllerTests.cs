using Engine.Envs.Maze2D;

namespace Engine.Envs.Tests.Maze2D;

public class WaypointControllerTests
{
    public static TheoryData<string> PaperTasks() => new(Maze2DTask.Paper.Select(t => t.Id));

    /// <summary>
    /// Steps until the controller reports "solved" (or, with <paramref name="reachOnly"/>, until the ball is within the
    /// sparse-reward radius 0.5 of the target), or null if the limit passes first.
    /// </summary>
    internal static int? Solve(Maze2DTask task, Maze2DOptions options, WaypointControllerSettings settings,
        (int Row, int Col) start, (double X, double Y) target, int limit, ulong seed, bool reachOnly = false)
    {
        using var env = new Maze2DEnvironment(task, options, maxEpisodeSteps: limit);
        env.Target = target;
        var controller = new WaypointController(task.Layout, settings, new Rng(seed));
        env.ResetTo(start.Row, start.Col);
        controller.Replan(env.Position, target);
        for (int t = 0; t < limit; t++)
        {
            var (ax, ay, solved) = controller.Act(env.Position, env.Velocity, target);
            if (solved || (reachOnly && env.RewardAt(env.Position.X, env.Position.Y) > 0 && task.Reward == MazeReward.Sparse)) return t;
            env.Step([ax, ay]);
        }
        return null;
    }

    /// <summary>
    /// Official controller and environment, D4RL's goal cell, the sparse-reward radius as "reached". The v1 limits are
    /// used for the U-maze: from its far end (3, 1) the official controller needs about 160 steps, more than
    /// umaze-v0's 150 (consistent with umaze-v0's reference return of 62.6 of 150).
    /// </summary>
    public static TheoryData<string> OfficialTasks() => new("maze2d-open-v0", "maze2d-umaze-v1", "maze2d-medium-v1", "maze2d-large-v1");

    [Theory]
    [MemberData(nameof(OfficialTasks))]
    public void OfficialControllerReachesTheGoalWithinTheEpisodeLimitFromEveryFreeCell(string id)
    {
        var task = Maze2DTask.Named(id);
        var goal = task.Layout.DefaultTarget;
        var failures = task.Layout.FreeCells
            .Where(cell => Solve(task, Maze2DOptions.Official, WaypointControllerSettings.Official, cell, goal, task.MaxEpisodeSteps, 1, reachOnly: true) is null)
            .ToList();
        Assert.True(failures.Count == 0, $"{id}: not solved within {task.MaxEpisodeSteps} steps from {string.Join(", ", failures)}");
    }

    [Theory]
    [MemberData(nameof(PaperTasks))]
    public void ForkControllerReachesThePaperGoalsFromEveryFreeCell(string id)
    {
        var task = Maze2DTask.Named(id);
        var settings = WaypointControllerSettings.ForkFor(task.Layout);
        var failures = new List<string>();
        foreach (var goal in PaperGoals.For(task))
            foreach (var cell in task.Layout.FreeCells)
                if (Solve(task, Maze2DOptions.RelativeRewardFork, settings, cell, goal, 1000, 2) is null)
                    failures.Add($"{cell}→{goal}");
        Assert.True(failures.Count == 0, $"{id}: not solved within 1000 steps: {string.Join(", ", failures)}");
    }

    [Fact]
    public void PlannerFollowsShortestPaths()
    {
        var planner = new GridPlanner(MazeLayout.UMaze, 50);
        // From the bottom-left of the U to the goal at (1, 1): along row 3, up column 3, back along row 1.
        Assert.Equal([(3, 2), (3, 3), (2, 3), (1, 3), (1, 2), (1, 1)], planner.Path((3, 1), (1, 1)));
        Assert.Equal([(1, 1)], planner.Path((1, 1), (1, 1)));
    }

    [Fact]
    public void OfficialActionsAreClippedAndForkActionsAreNot()
    {
        var official = new WaypointController(MazeLayout.Open, WaypointControllerSettings.Official, new Rng(1));
        var fork = new WaypointController(MazeLayout.Open, WaypointControllerSettings.RelativeRewardForkOpenSpace, new Rng(1));
        var (ax, ay, _) = official.Act((1, 1), (0, 0), (3, 5));
        var (fx, fy, _) = fork.Act((1, 1), (0, 0), (3, 5));
        Assert.InRange(ax, -1, 1);
        Assert.InRange(ay, -1, 1);
        Assert.True(Math.Abs(ax) == 1 || Math.Abs(ay) == 1, "a 10-gain step toward the next cell saturates");
        Assert.Equal(3.0 * 2, fx, 12); // p-gain 3 times the 2-cell gap, no clipping
        Assert.Equal(3.0 * 4, fy, 12);
    }
}
