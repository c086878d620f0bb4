using System.Diagnostics;
using System.Text.Json;

namespace Engine.Bench.Peer;

/// <summary>Per-call statistics of one measurement, in the peer's field names and rounding.</summary>
/// <param name="CpuMs">This process's CPU time (all threads) per call over the timed samples: on a machine other
/// processes keep busy it still measures our own work (bench/torch-cputime.py gives PyTorch's).</param>
public sealed record PeerTiming(double MedianMs, double MinMs, double MaxMs, int Samples, int Inner, int WarmupCalls,
    double? ForeignCpu, double CpuMs)
{
    public IEnumerable<KeyValuePair<string, object?>> Fields() =>
    [
        new("median_ms", Math.Round(MedianMs, 4)), new("min_ms", Math.Round(MinMs, 4)), new("max_ms", Math.Round(MaxMs, 4)),
        new("samples", Samples), new("inner", Inner), new("warmup_calls", WarmupCalls), new("foreign_cpu", ForeignCpu),
        new("cpu_ms", Math.Round(CpuMs, 4)),
    ];
}

/// <summary>
/// The timing harness of torch_bench.py, call for call: warm up (at least 2 calls and 0.3 s, at most
/// 50 calls), calibrate on warm calls (until 20 ms or 500 calls), then time <c>samples</c> samples of
/// <c>inner</c> back-to-back calls, inner chosen so a sample lasts at least 50 ms; report the median
/// per call, plus the share of the machine other processes used meanwhile.
/// </summary>
public sealed class PeerContext(int samples, bool check, TextWriter output)
{
    public const string Impl = "engine";

    public bool Check => check;

    public PeerTiming Measure(Action call, double minSampleMs = 50.0, int warmupMin = 2, double warmupS = 0.3, int maxInner = 2000)
    {
        if (check) (warmupMin, warmupS, minSampleMs) = (0, 0.0, 0.0);
        var clock = Stopwatch.StartNew();
        int n = 0;
        while (n < warmupMin || (clock.Elapsed.TotalSeconds < warmupS && n < 50))
        {
            call();
            n++;
        }
        int m = 0;
        clock.Restart();
        while (!check && (m < 1 || (clock.Elapsed.TotalSeconds < 0.02 && m < 500)))
        {
            call();
            m++;
        }
        double estMs = clock.Elapsed.TotalMilliseconds / Math.Max(m, 1);
        int inner = estMs < minSampleMs
            ? Math.Max(1, Math.Min(maxInner, (int)Math.Ceiling(minSampleMs / Math.Max(estMs, 1e-6))))
            : 1;
        int count = check ? 1 : Math.Max(20, samples);
        var per = new double[count];
        var load = ForeignLoad.Start();
        using var self = Process.GetCurrentProcess();
        var cpu0 = self.TotalProcessorTime;
        for (int s = 0; s < count; s++)
        {
            long t0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < inner; i++) call();
            per[s] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds / inner;
        }
        self.Refresh();
        double cpuMs = (self.TotalProcessorTime - cpu0).TotalMilliseconds / ((double)count * inner);
        double? foreign = load.Stop();
        Array.Sort(per);
        double median = count % 2 == 1 ? per[count / 2] : 0.5 * (per[count / 2 - 1] + per[count / 2]);
        return new PeerTiming(median, per[0], per[^1], count, inner, n + m, foreign, cpuMs);
    }

    /// <summary>Writes one JSON line (fields in the given order, then <c>impl</c>).</summary>
    public void Emit(IEnumerable<KeyValuePair<string, object?>> fields)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            bool hasImpl = false;
            foreach (var (key, value) in fields)
            {
                hasImpl |= key == "impl";
                json.WritePropertyName(key);
                JsonSerializer.Serialize(json, value, value?.GetType() ?? typeof(object));
            }
            if (!hasImpl) json.WriteString("impl", Impl);
            json.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        output.Flush();
    }
}

/// <summary>
/// CPU time used by other processes over a window, as a share of the whole machine (0 = quiet), from
/// /proc/stat minus this process's own CPU time; null for windows under 0.5 s or off Linux.
/// </summary>
public readonly struct ForeignLoad
{
    private readonly double _busy0, _own0;
    private readonly long _t0;

    private ForeignLoad(double busy, double own, long t0) => (_busy0, _own0, _t0) = (busy, own, t0);

    public static ForeignLoad Start() => new(MachineBusySeconds(), OwnCpuSeconds(), Stopwatch.GetTimestamp());

    public double? Stop()
    {
        double wall = Stopwatch.GetElapsedTime(_t0).TotalSeconds;
        double busy = MachineBusySeconds();
        if (wall < 0.5 || double.IsNaN(busy) || double.IsNaN(_busy0))
            return null;
        double other = busy - _busy0 - (OwnCpuSeconds() - _own0);
        return Math.Round(Math.Min(1.0, Math.Max(0.0, other) / (wall * Environment.ProcessorCount)), 3);
    }

    private static double OwnCpuSeconds()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>All CPU time except idle and iowait, in seconds (USER_HZ = 100 ticks per second).</summary>
    private static double MachineBusySeconds()
    {
        try
        {
            using var reader = new StreamReader("/proc/stat");
            string[] f = (reader.ReadLine() ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            long total = 0;
            for (int i = 1; i <= 8 && i < f.Length; i++)
                if (i != 4 && i != 5) total += long.Parse(f[i]);
            return total / 100.0;
        }
        catch (IOException)
        {
            return double.NaN;
        }
        catch (UnauthorizedAccessException)
        {
            return double.NaN;
        }
    }
}
