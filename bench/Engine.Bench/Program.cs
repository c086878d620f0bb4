using BenchmarkDotNet.Running;
using Engine.Bench.Peer;

// `peer ...`: the side-by-side runner that mirrors /work/shared/peer/torch_bench.py (JSON lines).
// Anything else goes to BenchmarkDotNet: `dotnet run -c Release --project bench/Engine.Bench -- --filter '*W1*'`.
if (args.Length > 0 && args[0] == "gemm-probe")
    return GemmProbe.Run(args[1..]);
if (args.Length > 0 && args[0] == "peer")
    return PeerRunner.Run(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
