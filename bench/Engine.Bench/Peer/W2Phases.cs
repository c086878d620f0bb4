using System.Diagnostics;
using Engine.Autodiff;
using Engine.Bench.Workloads;
using Engine.NN;

namespace Engine.Bench.Peer;

/// <summary>`w2-phases [calls]`: where one W2 step's time goes, phase by phase (best of the calls). A tuning aid.</summary>
public static class W2Phases
{
    public static int Run(string[] args)
    {
        int calls = args.Length > 0 ? int.Parse(args[0]) : 200;
        var g = new Generator(0);
        var net = new RewardMlp(g);
        var x = Tensor.RandN(g, [256, 24]);
        var t = Tensor.RandInt(g, 0, 64, [256]).Cast(DType.Float32);
        var target = Tensor.RandN(g, [256, 24]);
        var emb = net.TimeEmbedding(t, DType.Float32);
        var parameters = net.Parameters;
        var adam = new Adam(parameters, lr: 1e-3) { DisposeReplacedValues = true };
        var names = new[] { "forward", "grad(createGraph)", "loss", "grad(params)", "adam", "scope dispose" };
        var best = Enumerable.Repeat(double.MaxValue, names.Length).ToArray();
        var sum = new double[names.Length];
        for (int i = 0; i < calls; i++)
        {
            var ts = new long[names.Length + 1];
            ts[0] = Stopwatch.GetTimestamp();
            var scope = Tensor.Scope();
            var xr = x.Detach().RequiresGrad();
            var r = net.Forward(xr, emb);
            ts[1] = Stopwatch.GetTimestamp();
            var gx = Autograd.Grad(r.Sum(), [xr], createGraph: true)[0];
            ts[2] = Stopwatch.GetTimestamp();
            var loss = (gx - target).Square().Sum([1]).Mean();
            ts[3] = Stopwatch.GetTimestamp();
            var grads = Autograd.Grad(loss, parameters.Select(p => p.Value).ToArray(), allowUnused: true);
            ts[4] = Stopwatch.GetTimestamp();
            for (int k = 0; k < parameters.Length; k++) parameters[k].Grad = grads[k];
            adam.Step();
            ts[5] = Stopwatch.GetTimestamp();
            scope.Dispose();
            ts[6] = Stopwatch.GetTimestamp();
            if (i < calls / 2) continue; // warm-up half
            for (int k = 0; k < names.Length; k++)
            {
                double ms = (ts[k + 1] - ts[k]) * 1000.0 / Stopwatch.Frequency;
                best[k] = Math.Min(best[k], ms);
                sum[k] += ms / (calls - calls / 2);
            }
        }
        for (int k = 0; k < names.Length; k++) Console.WriteLine($"  {names[k],-20} best {best[k]:F3} ms  mean {sum[k]:F3} ms");
        Console.WriteLine($"  {"total",-20} best {best.Sum():F3} ms  mean {sum.Sum():F3} ms");
        return 0;
    }
}
