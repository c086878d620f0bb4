using System.Diagnostics;
using Engine.Autodiff;
using Engine.Bench.Workloads;

namespace Engine.Bench.Peer;

/// <summary>
/// `profile W4|W5|W5g|W2 [calls]`: time per op name over a number of warm calls of one workload, plus
/// the time outside ops (bookkeeping, scope disposal). A tuning aid, not a benchmark of record.
/// </summary>
public static class OpProfile
{
    public static int Run(string[] args)
    {
        string which = args.Length > 0 ? args[0] : "W4";
        int calls = args.Length > 1 ? int.Parse(args[1]) : 5;
        Action step = which switch
        {
            "W4" => DiffuserWorkloads.W4Step(),
            "W5" => DiffuserWorkloads.W5Step(guided: false),
            "W5g" => DiffuserWorkloads.W5Step(guided: true),
            "W2" => RewardWorkloads.W2RewardAlignmentStep(),
            "W3" => RewardWorkloads.W3HessianVectorProduct(),
            _ => throw new ArgumentException($"profile: unknown workload {which}"),
        };
        for (int i = 0; i < 3; i++) step();
        var ticks = new Dictionary<string, (long Ticks, int Count)>();
        Op.Profile = (name, t) =>
        {
            ticks.TryGetValue(name, out var e);
            ticks[name] = (e.Ticks + t, e.Count + 1);
        };
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < calls; i++) step();
        sw.Stop();
        Op.Profile = null;
        double total = sw.Elapsed.TotalMilliseconds / calls;
        double inOps = ticks.Values.Sum(v => v.Ticks) * 1000.0 / Stopwatch.Frequency / calls;
        Console.WriteLine($"{which}: {total:F2} ms per call, {inOps:F2} ms in ops (nested ops counted twice), {calls} calls");
        foreach (var (name, (t, n)) in ticks.OrderByDescending(kv => kv.Value.Ticks))
            Console.WriteLine($"  {name,-24} {t * 1000.0 / Stopwatch.Frequency / calls,9:F3} ms  {n / (double)calls,8:F1} calls");
        return 0;
    }
}
