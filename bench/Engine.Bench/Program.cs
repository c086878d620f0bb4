using BenchmarkDotNet.Running;
using Engine.Bench.Peer;

// `peer ...`: the side-by-side runner that mirrors ../shared/peer/torch_bench.py (JSON lines).
// Anything else goes to BenchmarkDotNet: `dotnet run -c Release --project bench/Engine.Bench -- --filter '*W1*'`.
// Tuning aids and the peer runner take the first argument as their mode.
Func<string[], int>? mode = args.Length == 0 ? null : args[0] switch
{
    "gemm-probe" => GemmProbe.Run,
    "w1-cpu" => W1CpuTime.Run,
    "conv-probe" => ConvProbe.Run,
    "conv-bwd-probe" => ConvBackwardProbe.Run,
    "conv-probe-w7" => ConvW7Probe.Run,
    "w6-phases" => W6Phases.Run,
    "w2-phases" => W2Phases.Run,
    "w8-probe" => W8Probe.Run,
    "profile" => OpProfile.Run,
    "peer" => PeerRunner.Run,
    "dp-scaling" => DataParallelProbe.Run,
    _ => null,
};
if (mode != null)
    return mode(args[1..]);
// BenchmarkDotNet's child processes inherit this: the same large-object threshold as our own
// runtimeconfig (Engine.Bench.csproj), so per-call n×n outputs are gen0 garbage there too.
Environment.SetEnvironmentVariable("DOTNET_GCLOHThreshold", "0x2000000");
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
