using System.Diagnostics;
using Engine.Backends.Cpu;

namespace Engine.Bench.Peer;

/// <summary>
/// <c>Engine.Bench gemm-probe [threads] [reps] [shape ...]</c>, shape = <c>m,n,k[,tA][,tB][,d]</c>
/// (tA/tB: transposed operand, d: double): best-of-reps GFLOP/s per shape. A tuning aid for a busy
/// machine, where the best run approximates an undisturbed one; not a benchmark of record.
/// </summary>
public static class GemmProbe
{
    public static int Run(string[] args)
    {
        int threads = args.Length > 0 ? int.Parse(args[0]) : 1;
        int reps = args.Length > 1 ? int.Parse(args[1]) : 200;
        string[] shapes = args.Length > 2 ? args[2..] : ["256,256,256", "512,512,512", "64,4096,1280", "256,128,40"];
        Gemm.MaxThreads = threads;
        foreach (string shape in shapes)
        {
            if (shape.StartsWith("pt="))
            {
                Gemm.ParallelThreshold = long.Parse(shape[3..]);
                Console.WriteLine(shape);
                continue;
            }
            if (shape.StartsWith("avx512="))
            {
                Gemm.PreferAvx512 = shape.EndsWith('1');
                Console.WriteLine(shape);
                continue;
            }
            if (shape.StartsWith("f=") || shape.StartsWith("d="))
            {
                // f=KC,MC,NC or d=KC,MC,NC: blocking to use for the following shapes.
                int[] v = shape[2..].Split(',').Select(int.Parse).ToArray();
                var blk = new Gemm.Blocking { KC = v[0], MC = v[1], NC = v[2] };
                if (shape[0] == 'f') Gemm.FloatBlocking = blk; else Gemm.DoubleBlocking = blk;
                Console.WriteLine($"blocking {shape}");
                continue;
            }
            string[] f = shape.Split(',');
            int m = int.Parse(f[0]), n = int.Parse(f[1]), k = int.Parse(f[2]);
            bool ta = f.Contains("tA"), tb = f.Contains("tB"), dbl = f.Contains("d");
            (double best, double median) = dbl ? Best<double>(m, n, k, ta, tb, reps) : Best<float>(m, n, k, ta, tb, reps);
            Console.WriteLine($"{shape,-24} threads={threads} best {best * 1e3,9:F4} ms  {2.0 * m * n * k / best / 1e9,7:F1} GFLOP/s" +
                $"   median {median * 1e3,9:F4} ms  {2.0 * m * n * k / median / 1e9,7:F1} GFLOP/s" +
                $"   CPU {2.0 * m * n * k / _lastCpuPerCall / 1e9,7:F1} GFLOP per CPU-s");
        }
        return 0;
    }

    private static double _lastCpuPerCall;

    private static (double Best, double Median) Best<T>(int m, int n, int k, bool ta, bool tb, int reps) where T : unmanaged
    {
        var rng = new Random(1);
        T[] a = Enumerable.Range(0, m * k).Select(_ => (T)Convert.ChangeType(rng.NextDouble() - 0.5, typeof(T))).ToArray();
        T[] b = Enumerable.Range(0, k * n).Select(_ => (T)Convert.ChangeType(rng.NextDouble() - 0.5, typeof(T))).ToArray();
        T[] c = new T[m * n];
        (int ars, int acs) = ta ? (1, m) : (k, 1);
        (int brs, int bcs) = tb ? (1, k) : (n, 1);
        var times = new double[reps];
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        TimeSpan cpu0 = self.TotalProcessorTime;
        for (int r = 0; r < reps; r++)
        {
            long t0 = Stopwatch.GetTimestamp();
            if (a is float[] af)
                Gemm.Multiply(m, n, k, af, 0, ars, acs, (float[])(object)b, 0, brs, bcs, (float[])(object)c, 0, n, false);
            else
                Gemm.Multiply(m, n, k, (double[])(object)a, 0, ars, acs, (double[])(object)b, 0, brs, bcs, (double[])(object)c, 0, n, false);
            times[r] = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        }
        self.Refresh();
        _lastCpuPerCall = (self.TotalProcessorTime - cpu0).TotalSeconds / reps;
        Array.Sort(times);
        return (times[0], times[reps / 2]);
    }
}
