using Engine.Envs.Maze2D;
using Engine.Testing;
using FsCheck;
using FsCheck.Fluent;

namespace Engine.Envs.Tests.Maze2D;

public class WallContactTests
{
    private const double R = PointMassModel.BallRadius;

    /// <summary>
    /// Independent reference: the last point before the first contact along the straight move p → p + d, found by
    /// marching with <see cref="WallCollider.DistanceToWalls"/> (null when the straight move touches nothing). A
    /// contact is a clearance below R − <paramref name="depth"/>: a positive depth ignores grazes shallower than it,
    /// a negative one also counts near misses.
    /// </summary>
    private static (double X, double Y)? LastFreePoint(WallCollider walls, double x, double y, double dx, double dy, double depth = 1e-6)
    {
        double length = Math.Sqrt(dx * dx + dy * dy);
        int n = Math.Max(1, (int)Math.Ceiling(length / 1e-3));
        for (int i = 1; i <= n; i++)
        {
            double t = (double)i / n;
            if (walls.DistanceToWalls(x + t * dx, y + t * dy) < R - depth)
                return (x + (i - 1.0) / n * dx, y + (i - 1.0) / n * dy);
        }
        return null;
    }

    /// <summary>Smallest wall clearance minus R along the straight chord a → b (negative: the chord cuts into a wall).</summary>
    private static double ChordClearance(WallCollider walls, (double X, double Y) a, (double X, double Y) b)
    {
        double worst = double.PositiveInfinity;
        for (int i = 0; i <= 400; i++)
        {
            double t = i / 400.0;
            worst = Math.Min(worst, walls.DistanceToWalls(a.X + t * (b.X - a.X), a.Y + t * (b.Y - a.Y)) - R);
        }
        return worst;
    }

    private static readonly Maze2DTask[] Tasks = [.. Maze2DTask.Paper];

    /// <summary>
    /// Random mazes, starts, velocities up to 300 m/s, time steps up to 0.2 s and actions: the ball never overlaps a
    /// wall; a step with no contact on its straight path moves exactly by h·v; a step that meets a wall ends where
    /// the ball can slide to from the contact without entering the wall (sliding along faces and around rounded
    /// corners keeps the chord from contact to end outside every wall; passing through a wall would not).
    /// <para>The marching reference misses contacts shallower than its 1e-6 threshold (a ball resting on a face and
    /// pushed into it by 6e-7 once failed the exact free-move check), and between its 1e-3 samples a graze of a
    /// rounded corner can hide ≈ (1e-3)²/(8R) ≈ 1.3e-6 deep. A move whose straight path comes within R + 1e-6 of a
    /// wall is therefore a graze: the collider may stop or deflect it, by at most 5e-6.</para>
    /// </summary>
    [EngineProperty(MaxTest = 60)]
    public Property WallsAreNeverCrossed(int taskPick, int cellPick, NormalFloat speed, NormalFloat angle, NormalFloat stepPick, int actionSeed)
    {
        var task = Tasks[Math.Abs(taskPick % Tasks.Length)];
        var cell = task.Layout.FreeCells[Math.Abs(cellPick % task.Layout.FreeCells.Count)];
        double h = 0.001 + Math.Abs(stepPick.Get % 0.2);
        double v = Math.Abs(speed.Get % 300.0), phi = angle.Get;
        using var env = new Maze2DEnvironment(task, new Maze2DOptions(ClipVelocity: false, TimeStep: h), maxEpisodeSteps: 10_000);
        env.ResetTo(cell.Row, cell.Col, v * Math.Cos(phi), v * Math.Sin(phi));
        var rng = new Rng((ulong)actionSeed);
        for (int step = 0; step < 40; step++)
        {
            var (x0, y0) = env.Position;
            double ux = rng.Uniform(-1.5, 1.5), uy = rng.Uniform(-1.5, 1.5);
            double vx = PointMassModel.NextVelocity(env.Velocity.X, Math.Clamp(ux, -1, 1), h);
            double vy = PointMassModel.NextVelocity(env.Velocity.Y, Math.Clamp(uy, -1, 1), h);
            var obs = env.Step([ux, uy]).Observation;
            double x1 = obs[0], y1 = obs[1];
            if (env.Walls.Overlaps(x1, y1, tolerance: 1e-7)) return false.Label($"overlap at step {step}: ({x1}, {y1})");
            var contact = LastFreePoint(env.Walls, x0, y0, h * vx, h * vy);
            if (contact is null)
            {
                double deviation = Math.Max(Math.Abs(x1 - (x0 + h * vx)), Math.Abs(y1 - (y0 + h * vy)));
                bool graze = LastFreePoint(env.Walls, x0, y0, h * vx, h * vy, depth: -1e-6) is not null;
                if (deviation > (graze ? 5e-6 : 1e-9))
                    return false.Label($"free move altered by {deviation:G3} at step {step} (graze: {graze})");
            }
            else if (ChordClearance(env.Walls, contact.Value, (x1, y1)) < -2e-3 * Math.Max(1, h * Math.Sqrt(vx * vx + vy * vy)))
            {
                return false.Label($"went through the wall at step {step}");
            }
        }
        return true.ToProperty();
    }

    [Theory]
    [InlineData(1e3)]
    [InlineData(1e6)]
    public void HeadOnShotStopsAtTheFace(double speed)
    {
        // U-maze row 1 runs along columns 1..3; wall cell (1, 4) has its face at y = 4 − 0.7 = 3.3 in qpos.
        using var env = new Maze2DEnvironment(Maze2DTask.UMazeV0, Maze2DOptions.RelativeRewardFork);
        env.ResetTo(1.0, 2.0, 0, speed);
        var obs = env.Step([0.0, 1.0]).Observation;
        Assert.Equal(3.3 - R, obs[1], 6);
        Assert.Equal(1.0, obs[0], 12);
        Assert.True(obs[3] <= 0, "velocity into the wall is removed");
    }

    [Fact]
    public void BallSlidesAlongAWall()
    {
        using var env = new Maze2DEnvironment(Maze2DTask.UMazeV0, Maze2DOptions.RelativeRewardFork);
        env.ResetTo(1.0, 2.0);
        for (int t = 0; t < 300; t++) env.Step([-1.0, 0.3]); // pushed into the wall above (row 0), drifting right
        var (x, y) = env.Position;
        Assert.Equal(0.3 + R, x, 6); // wall cell (0, j) spans x ∈ [−0.7, 0.3]
        Assert.True(y > 2.5);
    }

    [Fact]
    public void PenetratingStartIsPushedOut()
    {
        // Start 0.24 from the logical cell centre: in qpos the physical wall face is only 0.3 away, so the ball overlaps.
        using var env = new Maze2DEnvironment(Maze2DTask.UMazeV0, Maze2DOptions.RelativeRewardFork);
        var obs = env.ResetTo(1.0, 3.24);
        Assert.False(env.Walls.Overlaps(obs[0], obs[1], 1e-9));
        Assert.Equal(3.3 - R, obs[1], 6);
    }
}
