using BenchmarkDotNet.Attributes;
using Engine.Envs;
using Engine.Envs.MuJoCo.Locomotion;

namespace Engine.Bench;

/// <summary>
/// Environment steps per second on MuJoCo 2.2.2 (needs libmujoco2.2.2), single and vectorised.
/// BenchmarkDotNet reports time per operation; one operation is one environment step, so
/// steps/s = 1e9 / (ns per op). Run: `--filter '*Locomotion*'`.
/// </summary>
[MemoryDiagnoser]
public class LocomotionBenchmarks
{
    private const int SingleSteps = 1000;
    private const int VectorSteps = 100;
    private const int VectorCount = 16;

    private LocomotionEnv _single = null!;
    private VectorEnvironment _vector = null!;
    private double[][] _actions = null!;
    private double[] _vectorActions = null!;

    [Params("hopper", "walker2d", "halfcheetah")]
    public string Env { get; set; } = "hopper";

    [GlobalSetup]
    public void Setup()
    {
        var task = LocomotionTask.Parse(Env);
        _single = new LocomotionEnv(task);
        _vector = LocomotionEnv.CreateVector(task, VectorCount, autoReset: true);
        var rng = new Rng(1);
        var nu = _single.ActionSpace.Size;
        _actions = Enumerable.Range(0, SingleSteps).Select(_ => Enumerable.Range(0, nu).Select(_ => rng.Uniform(-1, 1)).ToArray()).ToArray();
        _vectorActions = Enumerable.Range(0, VectorCount * nu).Select(_ => rng.Uniform(-1, 1)).ToArray();
        _vector.Reset(2);
    }

    [Benchmark(OperationsPerInvoke = SingleSteps)]
    public double SingleEnvironmentStep()
    {
        var sum = 0.0;
        _single.Reset(3);
        foreach (var a in _actions)
        {
            var r = _single.Step(a);
            sum += r.Reward;
            if (r.Terminated || r.Truncated) _single.Reset(4);
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = VectorSteps * VectorCount)]
    public double VectorisedStep16()
    {
        var sum = 0.0;
        for (var t = 0; t < VectorSteps; t++)
            sum += _vector.Step(_vectorActions).Rewards[0];
        return sum;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _single.Dispose();
        _vector.Dispose();
    }
}
