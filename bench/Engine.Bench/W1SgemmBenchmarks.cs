using BenchmarkDotNet.Attributes;
using Engine.Bench.Peer;

namespace Engine.Bench;

/// <summary>W1 under BenchmarkDotNet: n×n SGEMM with the output allocated per call, as in the peer suite.</summary>
[MemoryDiagnoser]
public class W1SgemmBenchmarks
{
    private float[] _a = [], _b = [];

    [Params(128, 256, 512, 1024, 2048)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _a = W1Sgemm.Normal(N * N, 0);
        _b = W1Sgemm.Normal(N * N, 1);
    }

    [Benchmark]
    public float[] Sgemm() => W1Sgemm.Multiply(N, _a, _b);
}
