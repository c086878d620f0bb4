using BenchmarkDotNet.Running;
using Engine.Bench.Peer;

// `peer ...`: the side-by-side runner that mirrors ../shared/peer/torch_bench.py (JSON lines).
// Anything else goes to BenchmarkDotNet: `dotnet run -c Release --project bench/Engine.Bench -- --filter '*W1*'`.
if (args.Length > 0 && args[0] == "gemm-probe")
    return GemmProbe.Run(args[1..]);
if (args.Length > 0 && args[0] == "w1-cpu")
    return W1CpuTime.Run(args[1..]);
if (args.Length > 0 && args[0] == "conv-probe")
    return ConvProbe.Run(args[1..]);
if (args.Length > 0 && args[0] == "conv-bwd-probe")
    return ConvBackwardProbe.Run(args[1..]);
if (args.Length > 0 && args[0] == "w6-phases")
    return W6Phases.Run(args[1..]);
if (args.Length > 0 && args[0] == "w2-phases")
    return W2Phases.Run(args[1..]);
if (args.Length > 0 && args[0] == "profile")
    return OpProfile.Run(args[1..]);
if (args.Length > 0 && args[0] == "peer")
    return PeerRunner.Run(args[1..]);
// BenchmarkDotNet's child processes inherit this: the same large-object threshold as our own
// runtimeconfig (Engine.Bench.csproj), so per-call n×n outputs are gen0 garbage there too.
Environment.SetEnvironmentVariable("DOTNET_GCLOHThreshold", "0x2000000");
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
