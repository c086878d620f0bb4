namespace Engine.Envs.Tests.Vector;

public class VectorEnvironmentTests
{
    /// <summary>1-D walker: x ← x + a + noise; ends after 5 steps. Start and noise come from the reset seed.</summary>
    private sealed class Walker : IEnvironment
    {
        private Rng _rng = new(0);
        private double _x;
        private int _t;
        public string Name => "walker";
        public BoxSpace ObservationSpace { get; } = BoxSpace.Uniform(1, double.NegativeInfinity, double.PositiveInfinity);
        public BoxSpace ActionSpace { get; } = BoxSpace.Uniform(1, -1, 1);
        public int MaxEpisodeSteps => 5;
        public double[] Reset(ulong seed)
        {
            _rng = new Rng(seed);
            _x = _rng.Normal();
            _t = 0;
            return [_x];
        }
        public StepResult Step(ReadOnlySpan<double> action)
        {
            _x += action[0] + 0.1 * _rng.Normal();
            _t++;
            return new StepResult([_x], -Math.Abs(_x), false, _t >= MaxEpisodeSteps);
        }
        public void Dispose() { }
    }

    private static List<double[]> Run(int parallelism, bool autoReset)
    {
        using var vec = new VectorEnvironment(Enumerable.Range(0, 37).Select(_ => (IEnvironment)new Walker()), autoReset, parallelism);
        var trace = new List<double[]> { vec.Reset(42) };
        var actions = new double[37];
        for (int step = 0; step < 12; step++)
        {
            for (int i = 0; i < 37; i++) actions[i] = Math.Sin(i + step);
            var r = vec.Step(actions);
            trace.Add(r.Observations);
            trace.Add(r.Rewards);
        }
        return trace;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ResultsDoNotDependOnParallelism(bool autoReset)
    {
        var serial = Run(1, autoReset);
        var parallel = Run(4, autoReset);
        Assert.Equal(serial.Count, parallel.Count);
        for (int k = 0; k < serial.Count; k++) Assert.Equal(serial[k], parallel[k]);
    }

    [Fact]
    public void EnvironmentsMatchTheirSingleCounterpart()
    {
        using var vec = new VectorEnvironment([new Walker(), new Walker(), new Walker()]);
        var obs = vec.Reset(7);
        var single = new Walker();
        var first = single.Reset(Rng.Derive(7, 2));
        Assert.Equal(first[0], obs[2]);
        var r = vec.Step([0.3, -0.2, 0.5]);
        Assert.Equal(single.Step([0.5]).Observation[0], r.Observations[2]);
    }

    [Fact]
    public void AutoResetStartsANewEpisodeAndKeepsTheFinalObservation()
    {
        using var vec = new VectorEnvironment([new Walker(), new Walker()], autoReset: true);
        vec.Reset(3);
        VectorStepResult r = null!;
        for (int t = 0; t < 5; t++) r = vec.Step([0.0, 0.0]);
        Assert.All(r.Truncated, Assert.True);
        Assert.NotEqual(r.FinalObservations[0], r.Observations[0]);
        var afterReset = vec.Step([0.0, 0.0]);
        Assert.All(afterReset.Truncated, Assert.False);
    }

    [Fact]
    public void WrongActionLengthNamesShapes()
    {
        using var vec = new VectorEnvironment([new Walker(), new Walker()]);
        vec.Reset(1);
        var e = Assert.Throws<ArgumentException>(() => vec.Step([1.0]));
        Assert.Contains("[2, 1]", e.Message);
    }
}
