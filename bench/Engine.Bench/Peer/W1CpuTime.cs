using System.Diagnostics;
using System.Text.Json;
using Engine.Backends.Cpu;

namespace Engine.Bench.Peer;

/// <summary>
/// <c>Engine.Bench w1-cpu [threads] [samples]</c>: W1 timed by this process's CPU time instead of wall
/// time, one JSON line per n. On a machine that is never quiet, wall time mostly measures the other
/// processes; CPU time per call (GFLOP per CPU-second) still measures the kernel itself. Pair with
/// <c>bench/w1-cputime-torch.py</c>, which does the same for torch.mm.
/// </summary>
public static class W1CpuTime
{
    public static int Run(string[] args)
    {
        int threads = args.Length > 0 ? int.Parse(args[0]) : 1;
        int samples = args.Length > 1 ? int.Parse(args[1]) : 10;
        Gemm.MaxThreads = threads;
        using var self = Process.GetCurrentProcess();
        foreach (int n in W1Sgemm.Sizes)
        {
            float[] a = W1Sgemm.Normal(n * n, 0), b = W1Sgemm.Normal(n * n, 1);
            for (var warm = Stopwatch.StartNew(); warm.Elapsed.TotalSeconds < 0.3;)
                W1Sgemm.Multiply(n, a, b);
            var cpuPerCall = new double[samples];
            var wallPerCall = new double[samples];
            for (int s = 0; s < samples; s++)
            {
                self.Refresh();
                TimeSpan cpu0 = self.TotalProcessorTime;
                long wall0 = Stopwatch.GetTimestamp();
                int calls = 0;
                double cpu;
                do
                {
                    W1Sgemm.Multiply(n, a, b);
                    calls++;
                    self.Refresh();
                    cpu = (self.TotalProcessorTime - cpu0).TotalMilliseconds;
                } while (cpu < 200);
                cpuPerCall[s] = cpu / calls;
                wallPerCall[s] = Stopwatch.GetElapsedTime(wall0).TotalMilliseconds / calls;
            }
            Array.Sort(cpuPerCall);
            Array.Sort(wallPerCall);
            double cpuMs = cpuPerCall[samples / 2];
            Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["workload"] = "W1_sgemm_cputime", ["n"] = n, ["threads"] = threads,
                ["cpu_ms_per_call"] = Math.Round(cpuMs, 4), ["wall_ms_per_call"] = Math.Round(wallPerCall[samples / 2], 4),
                ["gflops_per_cpu_s"] = Math.Round(2.0 * n * n * (double)n / (cpuMs * 1e-3) / 1e9, 2),
                ["samples"] = samples, ["impl"] = PeerContext.Impl,
            }));
        }
        return 0;
    }
}
