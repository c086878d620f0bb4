using System.Diagnostics;
using Engine.Autodiff;
using Engine.Bench.Workloads;

namespace Engine.Bench.Peer;

/// <summary>
/// `profile W4|W5|W5g|W2|W3|W6|W7|W7p|W7env|W8|W9|LOCO [calls] [--cpu] [--shapes]`: time per op name (with --shapes, per op name and input shapes) over a number of warm calls of one workload, plus
/// the time outside ops (bookkeeping, scope disposal). A tuning aid, not a benchmark of record.
/// On a busy machine, run it with DOTNET_PROCESSOR_COUNT=1 and `--cpu`: everything stays on one thread
/// and is timed by that thread's CPU clock, which other processes do not inflate.
/// </summary>
public static class OpProfile
{
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec ts);

    private struct TimeSpec { public long Sec; public long Nsec; }

    private static long ThreadCpuTicks()
    {
        ClockGetTime(3, out var ts); // CLOCK_THREAD_CPUTIME_ID
        return ts.Sec * 1_000_000_000 + ts.Nsec;
    }

    public static int Run(string[] args)
    {
        string which = args.Length > 0 ? args[0] : "W4";
        int calls = args.Length > 1 ? int.Parse(args[1]) : 5;
        bool cpu = args.Contains("--cpu");
        Op.ProfileShapes = args.Contains("--shapes");
        Func<long> now = cpu ? ThreadCpuTicks : Stopwatch.GetTimestamp;
        double tickMs = cpu ? 1e-6 : 1000.0 / Stopwatch.Frequency;
        Action step = which switch
        {
            "W4" => DiffuserWorkloads.W4Step(),
            "W5" => DiffuserWorkloads.W5Step(guided: false),
            "W5g" => DiffuserWorkloads.W5Step(guided: true),
            "W2" => RewardWorkloads.W2RewardAlignmentStep(),
            "W3" => RewardWorkloads.W3HessianVectorProduct(),
            "W6" => RewardWorkloads.W6PerOpOverhead(),
            "W7" => W7LocomotionPlanning.Stepper(W7LocomotionPlanning.Build(), guided: true),
            "W7p" => W7LocomotionPlanning.Stepper(W7LocomotionPlanning.Build(), guided: false),
            "W7env" => W7LocomotionPlanning.EnvironmentStep(W7LocomotionPlanning.Build()),
            "W8" => MazeRewardWorkload.Build().Step,
            "W9" => UNet2DWorkload.W9Step(),
            "LOCO" => LocomotionRewardWorkload.TrainStep(),
            _ => throw new ArgumentException($"profile: unknown workload {which}"),
        };
        for (int i = 0; i < 12; i++) step(); // past tiered JIT promotion
        var ticks = new Dictionary<string, (long Ticks, int Count)>();
        Op.Clock = now;
        Op.Profile = (name, t) =>
        {
            ticks.TryGetValue(name, out var e);
            ticks[name] = (e.Ticks + t, e.Count + 1);
        };
        long start = now();
        for (int i = 0; i < calls; i++) step();
        double total = (now() - start) * tickMs / calls;
        Op.Profile = null;
        Op.Clock = Stopwatch.GetTimestamp;
        double inOps = ticks.Values.Sum(v => v.Ticks) * tickMs / calls;
        Console.WriteLine($"{which}: {total:F2} ms per call, {inOps:F2} ms in ops (nested ops counted twice), {calls} calls{(cpu ? ", thread CPU time" : "")}");
        foreach (var (name, (t, n)) in ticks.OrderByDescending(kv => kv.Value.Ticks))
            Console.WriteLine($"  {name,-60} {t * tickMs / calls,9:F3} ms  {n / (double)calls,8:F1} calls");
        return 0;
    }
}
