using System.Diagnostics;
using Engine.Autodiff;

namespace Engine.Bench.Peer;

/// <summary>
/// `w6-phases [reps]`: W6's per-op overhead split into its phases (forward without recording, forward
/// recorded, forward + backward), best of several batches of calls. A tuning aid.
/// </summary>
public static class W6Phases
{
    public static int Run(string[] args)
    {
        int reps = args.Length > 0 ? int.Parse(args[0]) : 2000;
        var leaf = Tensor.RandN(new Generator(0), [64]).RequiresGrad();
        Tensor Forward()
        {
            var y = leaf;
            for (int i = 0; i < 25; i++) y = (y * 1.01 + 0.01).Sin().Tanh();
            return y;
        }
        double Best(Action a)
        {
            for (int i = 0; i < reps; i++) a();
            double best = double.MaxValue;
            for (int round = 0; round < 10; round++)
            {
                long t0 = Stopwatch.GetTimestamp();
                for (int i = 0; i < reps; i++) a();
                best = Math.Min(best, Stopwatch.GetElapsedTime(t0).TotalMilliseconds * 1000 / reps);
            }
            return best;
        }
        double noGrad = Best(() => { using (Autograd.NoGrad()) Forward(); });
        double recorded = Best(() => Forward());
        double full = Best(() => { Forward().Sum().Backward(); leaf.Grad = null; });
        int gen0 = GC.CollectionCount(0);
        Console.WriteLine($"per 100 ops: forward no-grad {noGrad:F1} µs, forward recorded {recorded:F1} µs, forward + backward {full:F1} µs; gen0 GCs so far {gen0}");
        return 0;
    }
}
