using BenchmarkDotNet.Attributes;

namespace Engine.Bench;

/// <summary>W4 and W5 under BenchmarkDotNet: `dotnet run -c Release --project bench/Engine.Bench -- --filter '*Diffuser*'`.</summary>
[MemoryDiagnoser]
public class DiffuserBenchmarks
{
    private Action _w4 = null!, _w5 = null!, _w5Guided = null!;

    [GlobalSetup]
    public void Setup()
    {
        _w4 = DiffuserWorkloads.W4Step();
        _w5 = DiffuserWorkloads.W5Step(guided: false);
        _w5Guided = DiffuserWorkloads.W5Step(guided: true);
    }

    [Benchmark] public void W4_TemporalUnetTrainingStep() => _w4();
    [Benchmark] public void W5_DenoisingStep() => _w5();
    [Benchmark] public void W5_DenoisingStepGuided() => _w5Guided();
}
