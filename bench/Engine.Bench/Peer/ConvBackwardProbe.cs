using Engine.Autodiff;
using Engine.Ops;

namespace Engine.Bench.Peer;

/// <summary>
/// `conv-bwd-probe [batch] [reps]`: best-of-N times of a convolution's reverse rule and of its pieces
/// (the fused forward, weight- and input-gradient primitives; the composite's pieces: the gy permute copy, the weight-gradient GEMM against im2col(x)ᵀ, the input-gradient GEMM, col2im,
/// the bias sum) at the shapes of W4's TemporalUnet. A tuning aid.
/// </summary>
public static class ConvBackwardProbe
{
    public static int Run(string[] args)
    {
        int batch = args.Length > 0 ? int.Parse(args[0]) : 32;
        int reps = args.Length > 1 ? int.Parse(args[1]) : 20;
        var g = new Generator(0);
        double total = 0;
        foreach (var (cin, cout, l) in new[] { (32, 32, 128), (64, 64, 64), (128, 128, 32), (256, 256, 16), (512, 128, 16), (256, 64, 32), (128, 32, 64) })
        {
            var geometry = new ConvGeometry(5, 1, 2, 1);
            var x = Tensor.RandN(g, [batch, cin, l]).DetachFromScope();
            var w = Tensor.RandN(g, [cout, cin, 5]).DetachFromScope();
            var b = Tensor.RandN(g, [cout]).DetachFromScope();
            var gy = Tensor.RandN(g, [batch, cout, l]).DetachFromScope();
            var w2 = w.Reshape(cout, cin * 5);
            var g2 = gy.Permute(1, 0, 2).Reshape(cout, batch * l).DetachFromScope();
            var flat = new Im2ColOp(geometry).Apply(x).Permute(1, 0, 2).Reshape(cin * 5, batch * l).DetachFromScope();
            var cols = w2.Transpose(-2, -1).MatMul(g2).Reshape(cin * 5, batch, l).Permute(1, 0, 2).DetachFromScope();
            var xg = x.Detach().RequiresGrad();
            var wg = w.Detach().RequiresGrad();
            var bg = b.Detach().RequiresGrad();
            double Best(Action a) => ProbeTiming.BestMs(reps, a);
            double gflop = 2.0 * cout * cin * 5 * batch * l / 1e9;
            double tAll = Best(() => Autograd.Grad([Tensor.Conv1d(xg, wg, bg, padding: 2)], [xg, wg, bg], [gy]));
            double tPermute = Best(() => gy.Permute(1, 0, 2).Reshape(cout, batch * l));
            double tIm2col = Best(() => new Im2ColOp(geometry).Apply(x));
            double tDw = Best(() => g2.MatMul(flat.Transpose(-2, -1)));
            double tDx = Best(() => w2.Transpose(-2, -1).MatMul(g2));
            double tCol2im = Best(() => new Col2ImOp(geometry, l).Apply(cols));
            double tBias = Best(() => gy.SumTo([cout, 1]));
            double tFwd = Best(() => Tensor.Conv1d(x, w, b, padding: 2));
            double tWg = Best(() => new ConvWeightGradOp(geometry).Apply(gy, x));
            double tXg = Best(() => new ConvInputGradOp(geometry, l).Apply(gy, w2));
            total += tAll;
            Console.WriteLine($"B={batch} {cin}->{cout} L={l}: fwd+bwd {tAll:F3} ms | permute {tPermute:F3} im2col {tIm2col:F3} dW {tDw:F3} ({gflop / tDw * 1e3:F0} GF/s) dX {tDx:F3} ({gflop / tDx * 1e3:F0} GF/s) col2im {tCol2im:F3} bias {tBias:F3} | fused: fwd {tFwd:F3} ({gflop / tFwd * 1e3:F0} GF/s) dW {tWg:F3} ({gflop / tWg * 1e3:F0} GF/s) dX {tXg:F3} ({gflop / tXg * 1e3:F0} GF/s)");
        }
        Console.WriteLine($"sum of fwd+bwd: {total:F3} ms");
        return 0;
    }
}
