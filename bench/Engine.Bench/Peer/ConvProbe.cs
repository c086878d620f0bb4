using Engine.Autodiff;
using Engine.Ops;

namespace Engine.Bench.Peer;

/// <summary>
/// `conv-probe [batch] [reps]`: best-of-N times of the pieces of a U-Net conv block at each level's
/// shape (im2col, GEMM, bias add, group norm, mish), under NoGrad, memory recycled by a scope per
/// repetition. Best-of-N is robust to other processes on the machine. A tuning aid.
/// </summary>
public static class ConvProbe
{
    public static int Run(string[] args)
    {
        int batch = args.Length > 0 ? int.Parse(args[0]) : 64;
        int reps = args.Length > 1 ? int.Parse(args[1]) : 20;
        using var noGrad = Autograd.NoGrad();
        var g = new Generator(0);
        foreach (var (c, l) in new[] { (32, 128), (64, 64), (128, 32), (256, 16) })
        {
            var x = Tensor.RandN(g, [batch, c, l]).DetachFromScope();
            var w = Tensor.RandN(g, [c, c, 5]).DetachFromScope();
            var bias = Tensor.RandN(g, [c]).DetachFromScope();
            var gw = Tensor.Ones([c]).DetachFromScope();
            var geometry = new ConvGeometry(5, 1, 2, 1);
            var cols = new Im2ColOp(geometry).Apply(x).DetachFromScope();
            var flat = cols.Permute(1, 0, 2).Reshape(c * 5, batch * l);
            var prod = w.Reshape(c, c * 5).MatMul(flat).DetachFromScope();
            var permuted = prod.Reshape(c, batch, l).Permute(1, 0, 2);
            var y = Tensor.Conv1d(x, w, bias, padding: 2).DetachFromScope();
            double Best(Action a) => ProbeTiming.BestMs(reps, a);
            double gflop = 2.0 * c * c * 5 * batch * l / 1e9;
            double tConv = Best(() => Tensor.Conv1d(x, w, bias, padding: 2));
            var xg = x.Detach().RequiresGrad();
            double tComposite = Best(() => { using (Autograd.EnableGrad()) Tensor.Conv1d(xg, w, bias, padding: 2); });
            double tIm2col = Best(() => new Im2ColOp(geometry).Apply(x));
            double tGemm = Best(() => w.Reshape(c, c * 5).MatMul(flat));
            double tBias = Best(() => _ = permuted + bias.Reshape(c, 1));
            double tAdd = Best(() => _ = y + x);
            double tNorm = Best(() => Tensor.GroupNorm(y, 8, gw, bias));
            double tMish = Best(() => y.Mish());
            Console.WriteLine($"B={batch} C={c} L={l}: conv {tConv:F3} ms (recorded composite {tComposite:F3}) = im2col {tIm2col:F3} + gemm {tGemm:F3} ({gflop / tGemm * 1e3:F0} GFLOP/s) + bias/permute {tBias:F3}; add {tAdd:F3}; group_norm {tNorm:F3}; mish {tMish:F3}");
        }
        return 0;
    }
}
