using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using Engine.Backends.Cpu;

namespace Engine.Bench.Peer;

/// <summary>
/// <c>Engine.Bench peer [--only W1,W2] [--threads 2] [--samples 20] [--wait-quiet 60] [--check]</c>:
/// runs the registered workloads with torch_bench.py's protocol and prints the same JSON lines.
/// Tuning experiments: <c>--gemm-parallel-threshold MACS</c>, <c>--gemm-avx512 0|1</c>.
/// </summary>
public static class PeerRunner
{
    public static int Run(string[] args)
    {
        string only = "W1,W2,W3,W4,W5,W6,W7,W8";
        int threads = 2, samples = 20;
        double waitQuiet = 60;
        bool check = false;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--only": only = Next(); break;
                case "--threads": threads = int.Parse(Next()); break;
                case "--samples": samples = int.Parse(Next()); break;
                case "--wait-quiet": waitQuiet = double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--check": check = true; break;
                case "--gemm-parallel-threshold": Gemm.ParallelThreshold = long.Parse(Next()); break;
                case "--gemm-avx512": Gemm.PreferAvx512 = Next() != "0"; break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}; usage: peer [--only W1,...] [--threads N] [--samples N] [--wait-quiet S] [--check]");
                    return 2;
            }
        }
        var selected = only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.ToUpperInvariant()).ToHashSet();
        Gemm.MaxThreads = threads;
        var context = new PeerContext(samples, check, Console.Out);
        context.Emit([
            new("workload", "env"), new("dotnet", RuntimeInformation.FrameworkDescription), new("threads", threads),
            new("processors", Environment.ProcessorCount), new("fma", Fma.IsSupported), new("avx512f", Avx512F.IsSupported),
            new("server_gc", System.Runtime.GCSettings.IsServerGC), new("gemm_avx512", Gemm.PreferAvx512 && Avx512F.IsSupported),
            new("gemm_parallel_threshold", Gemm.ParallelThreshold),
        ]);
        var clock = Stopwatch.StartNew();
        foreach (IPeerWorkload w in PeerWorkloads.All)
        {
            if (!selected.Contains(w.Name))
                continue;
            if (waitQuiet > 0 && !check)
            {
                (double waited, double? load) = WaitQuiet(waitQuiet);
                if (waited >= 1.5 || (load ?? 0) >= 0.10)
                    context.Emit([new("workload", "wait_quiet"), new("before", w.Name), new("waited_s", waited), new("foreign_cpu", load)]);
            }
            w.Run(context);
        }
        context.Emit([new("workload", "done"), new("wall_s", Math.Round(clock.Elapsed.TotalSeconds, 1))]);
        return 0;
    }

    /// <summary>Waits (up to <paramref name="limitS"/>) until other processes use under 10 % of the machine over 1 s.</summary>
    private static (double Waited, double? Load) WaitQuiet(double limitS)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var probe = ForeignLoad.Start();
            Thread.Sleep(1000);
            double? load = probe.Stop();
            if ((load is not null && load < 0.10) || clock.Elapsed.TotalSeconds >= limitS)
                return (Math.Round(clock.Elapsed.TotalSeconds, 1), load);
        }
    }
}
