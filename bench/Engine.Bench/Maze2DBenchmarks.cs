using BenchmarkDotNet.Attributes;
using Engine.Envs;
using Engine.Envs.Maze2D;

namespace Engine.Bench;

/// <summary>
/// Maze2D simulator throughput: environment steps per second for one environment and for N environments stepped
/// together by <see cref="VectorEnvironment"/> across cores. Each invocation performs <see cref="StepsPerEnv"/> steps
/// per environment, so steps/s = N · StepsPerEnv / mean time. Actions sweep the control range so the ball keeps
/// meeting walls (the contact sweep is part of the cost).
/// </summary>
[MemoryDiagnoser]
public class Maze2DBenchmarks
{
    private const int StepsPerEnv = 1000;
    private Maze2DEnvironment _single = null!;
    private VectorEnvironment _vector = null!;
    private double[] _actions = null!;

    [Params(64, 1024)]
    public int Environments { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _single = new Maze2DEnvironment(Maze2DTask.LargeV1, Maze2DOptions.RelativeRewardFork, maxEpisodeSteps: int.MaxValue);
        _single.Reset(1);
        _vector = new VectorEnvironment(
            Enumerable.Range(0, Environments).Select(_ => (IEnvironment)new Maze2DEnvironment(Maze2DTask.LargeV1, Maze2DOptions.RelativeRewardFork, maxEpisodeSteps: int.MaxValue)));
        _vector.Reset(1);
        var rng = new Rng(2);
        _actions = Enumerable.Range(0, 2 * Environments).Select(_ => rng.Uniform(-1, 1)).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _single.Dispose();
        _vector.Dispose();
    }

    [Benchmark(Description = "single env, 1000 steps")]
    public double Single()
    {
        double sum = 0;
        for (int t = 0; t < StepsPerEnv; t++)
            sum += _single.Step([_actions[2 * (t % Environments)], _actions[2 * (t % Environments) + 1]]).Observation[0];
        return sum;
    }

    [Benchmark(Description = "vector env, 1000 steps each")]
    public double Vector()
    {
        double sum = 0;
        for (int t = 0; t < StepsPerEnv; t++) sum += _vector.Step(_actions).Observations[0];
        return sum;
    }
}
