using System.Diagnostics;

namespace Engine.Bench.Peer;

/// <summary>Timing for the tuning probes.</summary>
public static class ProbeTiming
{
    /// <summary>
    /// Best of <paramref name="reps"/> calls in milliseconds, each inside its own dispose scope so the
    /// storage pool recycles its memory. The minimum is robust to other processes on the machine.
    /// </summary>
    public static double BestMs(int reps, Action action)
    {
        double best = double.MaxValue;
        for (int i = 0; i < reps; i++)
        {
            using var scope = Tensor.Scope();
            long t0 = Stopwatch.GetTimestamp();
            action();
            best = Math.Min(best, Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }
        return best;
    }
}
