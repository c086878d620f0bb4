using Engine.Bench.Workloads;

namespace Engine.Bench.Peer;

/// <summary>
/// `w8-probe [reps]`: best-of-N times of W8's pieces at its shapes (4096 window rows): Mish and its two fused
/// derivative products, the three GEMM forms of each Linear (x·Wᵀ, g·W, gᵀ·x), the bias add and bias-gradient
/// sum, the strided-window copy, and the whole step. A tuning aid.
/// </summary>
public static class W8Probe
{
    public static int Run(string[] args)
    {
        int reps = args.Length > 0 ? int.Parse(args[0]) : 50;
        var g = new Generator(0);
        const int rows = MazeRewardWorkload.Batch * MazeRewardWorkload.Horizon / MazeRewardWorkload.Window;
        double Best(Action a) => ProbeTiming.BestMs(reps, a);
        foreach (int width in new[] { 128, 64, 32 })
        {
            var x = Tensor.RandN(g, [rows, width]).DetachFromScope();
            var h = Tensor.RandN(g, [rows, width]).DetachFromScope();
            double n = rows * width;
            double tMish = Best(() => x.Mish());
            double tGrad = Best(() => Tensor.MishGrad(h, x));
            double tGrad2 = Best(() => Tensor.MishGrad2(h, x));
            Console.WriteLine($"[{rows}, {width}]: mish {tMish:F3} ms ({tMish * 1e6 / n:F2} ns/el) mish_grad {tGrad:F3} mish_grad2 {tGrad2:F3}");
        }
        foreach (var (fanIn, fanOut) in new[] { (56, 128), (24, 128), (128, 64), (64, 32), (32, 1), (32, 128), (128, 32) })
        {
            var x = Tensor.RandN(g, [rows, fanIn]).DetachFromScope();
            var w = Tensor.RandN(g, [fanOut, fanIn]).DetachFromScope();
            var b = Tensor.RandN(g, [fanOut]).DetachFromScope();
            var gy = Tensor.RandN(g, [rows, fanOut]).DetachFromScope();
            double gflop = 2.0 * rows * fanIn * fanOut / 1e9;
            double tF = Best(() => x.MatMul(w.T));
            double tB = Best(() => gy.MatMul(w));
            double tW = Best(() => gy.T.MatMul(x));
            double tBias = Best(() => _ = x.MatMul(w.T) + b);
            double tSum = Best(() => gy.Sum([0]));
            Console.WriteLine($"{fanIn}->{fanOut}: x·Wᵀ {tF:F3} ms ({gflop / tF * 1e3:F0} GF/s) g·W {tB:F3} ({gflop / tB * 1e3:F0}) gᵀ·x {tW:F3} ({gflop / tW * 1e3:F0}) | x·Wᵀ + b {tBias:F3} | Σ_rows g {tSum:F3}");
        }
        var w8 = MazeRewardWorkload.Build();
        int b0 = MazeRewardWorkload.Batch, n0 = MazeRewardWorkload.Horizon / MazeRewardWorkload.Window;
        double tWin = Best(() => w8.X.Reshape(b0, MazeRewardWorkload.Window, n0, MazeRewardWorkload.Channels).Permute(0, 2, 1, 3).Reshape(b0 * n0, -1));
        Console.WriteLine($"strided windows copy {tWin:F3} ms");
        double tStep = Best(w8.Step);
        Console.WriteLine($"W8 step {tStep:F3} ms (best of {reps})");
        return 0;
    }
}
