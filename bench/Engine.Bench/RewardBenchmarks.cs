using BenchmarkDotNet.Attributes;
using Engine.Autodiff;
using Engine.Bench.Workloads;

namespace Engine.Bench;

/// <summary>W2, W3 (both Hvp forms) and W6 under BenchmarkDotNet; the side-by-side ratios come from `peer`.</summary>
[MemoryDiagnoser]
public class RewardBenchmarks
{
    private Action _w2 = null!, _w3Reverse = null!, _w3Forward = null!, _w6 = null!;

    [GlobalSetup]
    public void Setup()
    {
        _w2 = RewardWorkloads.W2RewardAlignmentStep();
        _w3Reverse = RewardWorkloads.W3HessianVectorProduct(HvpMode.ReverseOverReverse);
        _w3Forward = RewardWorkloads.W3HessianVectorProduct(HvpMode.ForwardOverReverse);
        _w6 = RewardWorkloads.W6PerOpOverhead();
    }

    [Benchmark] public void W2RewardAlignmentStep() => _w2();
    [Benchmark] public void W3HvpReverseOverReverse() => _w3Reverse();
    [Benchmark] public void W3HvpForwardOverReverse() => _w3Forward();
    [Benchmark(OperationsPerInvoke = 100)] public void W6PerOpForwardBackward() => _w6();
}
