using System.Diagnostics;

namespace Engine.GpuCheck;

/// <summary>
/// The GPU check's timing protocol, the same on both sides (bench/gpu/torch_cuda.py): <see cref="Warmup"/> calls,
/// then <see cref="Samples"/> samples of one call each, every sample ended by a device synchronisation, so
/// queued kernels are counted. Reports the median in milliseconds.
/// </summary>
internal sealed class Timing(Action synchronize, int warmup, int samples)
{
    public int Warmup => warmup;
    public int Samples => samples;

    public double MedianMs(Action call)
    {
        for (int i = 0; i < warmup; i++) call();
        synchronize();
        var times = new double[samples];
        for (int i = 0; i < samples; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            call();
            synchronize();
            times[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        }
        Array.Sort(times);
        return samples % 2 == 1 ? times[samples / 2] : 0.5 * (times[samples / 2 - 1] + times[samples / 2]);
    }
}
