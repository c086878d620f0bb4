using Engine.Envs.Maze2D;

namespace Engine.Envs.Tests.Maze2D;

public class PointMassDynamicsTests
{
    private const double M = 4.1887902047863905; // 1000 · (4/3)π · 0.1³
    private const double B = 1.0, G = 100.0, H = 0.01;

    [Fact]
    public void MassIsTheSphereMass() => Assert.Equal(M, PointMassModel.Mass, 12);

    /// <summary>
    /// MuJoCo's Euler with implicit damping is the linear recurrence v' = (m·v + h·G·u)/(m + h·b), x' = x + h·v'.
    /// Its closed form for constant u: v_k = v* + (v0 − v*)·r^k, x_k = x0 + h·(k·v* + (v0 − v*)·r·(1 − r^k)/(1 − r)),
    /// with r = m/(m + h·b) and v* = G·u/b.
    /// </summary>
    [Theory]
    [InlineData(0.3, -0.2, 0.0, 0.0)]
    [InlineData(-0.1, 0.05, 0.4, -0.3)]
    [InlineData(0.0, 0.0, 0.8, 0.6)]
    public void FreeMotionFollowsTheDiscreteClosedForm(double ux, double uy, double vx0, double vy0)
    {
        using var env = new Maze2DEnvironment(Maze2DTask.OpenV0, Maze2DOptions.RelativeRewardFork, maxEpisodeSteps: 1000);
        double x0 = 2.0, y0 = 3.0;
        env.ResetTo(x0, y0, vx0, vy0);
        double r = M / (M + H * B);
        for (int k = 1; k <= 40; k++)
        {
            var obs = env.Step([ux, uy]).Observation;
            foreach (var (axis, u, v0, p0) in new[] { (0, ux, vx0, x0), (1, uy, vy0, y0) })
            {
                double vStar = G * u / B;
                double rk = Math.Pow(r, k);
                double v = vStar + (v0 - vStar) * rk;
                double x = p0 + H * (k * vStar + (v0 - vStar) * r * (1 - rk) / (1 - r));
                Assert.Equal(x, obs[axis], 1e-11);
                Assert.Equal(v, obs[2 + axis], 1e-11);
            }
        }
    }

    /// <summary>The discrete motion converges to the continuous solution of m·ẍ = G·u − b·ẋ as h → 0 (first order).</summary>
    [Fact]
    public void FreeMotionApproachesTheContinuousSolution()
    {
        double u = 0.2, v0 = -0.5, duration = 0.3;
        double tau = M / B, vStar = G * u / B;
        double exactV = vStar + (v0 - vStar) * Math.Exp(-duration / tau);
        double exactX = vStar * duration + (v0 - vStar) * tau * (1 - Math.Exp(-duration / tau));
        double previousError = double.PositiveInfinity;
        foreach (double h in new[] { 0.01, 0.001, 0.0001 })
        {
            double x = 0, v = v0;
            int steps = (int)Math.Round(duration / h);
            for (int k = 0; k < steps; k++) PointMassModel.FreeStep(ref x, ref v, u, h);
            double error = Math.Abs(x - exactX) + Math.Abs(v - exactV);
            Assert.True(error < previousError / 5, $"error {error} at h = {h} did not shrink from {previousError}");
            Assert.True(error < 2 * h * (Math.Abs(vStar) + Math.Abs(v0)), $"error {error} too large for h = {h}");
            previousError = error;
        }
    }

    [Fact]
    public void ActionsAreClippedToTheControlRange()
    {
        using var a = new Maze2DEnvironment(Maze2DTask.OpenV0);
        using var b = new Maze2DEnvironment(Maze2DTask.OpenV0);
        a.ResetTo(2, 3);
        b.ResetTo(2, 3);
        Assert.Equal(a.Step([5.0, -7.0]).Observation, b.Step([1.0, -1.0]).Observation);
    }

    [Fact]
    public void OfficialOptionsClipVelocityAndForkDoesNot()
    {
        using var official = new Maze2DEnvironment(Maze2DTask.OpenV0, Maze2DOptions.Official);
        using var fork = new Maze2DEnvironment(Maze2DTask.OpenV0, Maze2DOptions.RelativeRewardFork);
        official.ResetTo(2, 3, 0, 8);
        fork.ResetTo(2, 3, 0, 8);
        double vOfficial = official.Step([0.0, 0.0]).Observation[3];
        double vFork = fork.Step([0.0, 0.0]).Observation[3];
        Assert.Equal(PointMassModel.NextVelocity(5, 0, H), vOfficial, 14);
        Assert.Equal(PointMassModel.NextVelocity(8, 0, H), vFork, 14);
    }

    [Fact]
    public void RewardsFollowTheTarget()
    {
        using var sparse = new Maze2DEnvironment(Maze2DTask.UMazeV0);
        using var dense = new Maze2DEnvironment(Maze2DTask.UMazeDenseV0);
        Assert.Equal((1.0, 1.0), sparse.Target); // the G cell
        Assert.Equal(1.0, sparse.RewardAt(1.3, 1.4));
        Assert.Equal(0.0, sparse.RewardAt(1.3, 1.41));
        Assert.Equal(Math.Exp(-0.5), dense.RewardAt(1.3, 1.4), 12);
    }

    [Fact]
    public void SameSeedSameEpisode()
    {
        static List<double[]> Run(ulong seed)
        {
            using var env = new Maze2DEnvironment(Maze2DTask.MediumV1);
            var trace = new List<double[]> { env.Reset(seed) };
            for (int t = 0; t < 50; t++) trace.Add(env.Step([Math.Sin(t), Math.Cos(0.7 * t)]).Observation);
            return trace;
        }
        Assert.Equal(Run(5), Run(5));
        Assert.NotEqual(Run(5)[0], Run(6)[0]);
    }

    [Fact]
    public void ResetInsideAWallIsRejected()
    {
        using var env = new Maze2DEnvironment(Maze2DTask.UMazeV0);
        var e = Assert.Throws<ArgumentException>(() => env.ResetTo(2.0, 1.0));
        Assert.Contains("wall box of cell (2, 1)", e.Message);
    }
}

public class Maze2DVectorTests
{
    private static List<double[]> Run(int parallelism)
    {
        using var vec = new VectorEnvironment(
            Enumerable.Range(0, 24).Select(i => (IEnvironment)new Maze2DEnvironment(Maze2DTask.Paper[i % 4], Maze2DOptions.RelativeRewardFork)),
            autoReset: true, maxParallelism: parallelism);
        var trace = new List<double[]> { vec.Reset(9) };
        var rng = new Rng(4);
        for (int t = 0; t < 200; t++)
            trace.Add(vec.Step(Enumerable.Range(0, 48).Select(_ => rng.Uniform(-1, 1)).ToArray()).Observations);
        return trace;
    }

    [Fact]
    public void VectorisedMazesAreDeterministicAcrossParallelism() => Assert.Equal(Run(1), Run(3));

    [Fact]
    public void UniformResetsLandInFreeSpaceAtRest()
    {
        using var env = new Maze2DEnvironment(Maze2DTask.LargeV1);
        var cells = new HashSet<(int, int)>();
        for (ulong seed = 0; seed < 200; seed++)
        {
            var obs = env.ResetUniform(seed);
            var cell = MazeLayout.CellOf(obs[0], obs[1]);
            Assert.True(MazeLayout.Large.IsFree(cell.Row, cell.Col), $"start {obs[0]}, {obs[1]} is not in a free cell");
            cells.Add(cell);
            Assert.False(env.Walls.Overlaps(obs[0], obs[1], 1e-9));
            Assert.Equal(0.0, obs[2]);
        }
        Assert.True(cells.Count > MazeLayout.Large.FreeCells.Count / 2, "starts spread over the maze");
    }
}
