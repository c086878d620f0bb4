using Engine.Autodiff;
using Engine.Backends.Cpu;
using Engine.Ops;

namespace Engine.Bench.Peer;

/// <summary>
/// `conv-probe-w7 [reps] [bytes,minColumns ...] [--w5]`: best-of-N times of the convolutions W7 spends most in (forward and
/// input gradient, batch 64, kernel 5), summed with their per-step call counts, under each forward chunking setting
/// given (im2col bytes per chunk, least GEMM width; the input gradient gets the same); with --w5, W5's U-Net levels
/// (horizon 128, two convolutions per block) instead. A tuning aid: run it with
/// DOTNET_PROCESSOR_COUNT=1 for one thread.
/// </summary>
public static class ConvW7Probe
{
    public static int Run(string[] args)
    {
        int reps = args.Length > 0 ? int.Parse(args[0]) : 30;
        bool w5 = args.Contains("--w5");
        if (args.Contains("--gn"))
        {
            // Group norm (8 groups) alone at W7's shapes, forward under NoGrad.
            var gg = new Generator(1);
            foreach (var (c, l) in new[] { (256, 4), (128, 8), (128, 4), (64, 32), (64, 16) })
            {
                var x = Tensor.RandN(gg, [64, c, l]).DetachFromScope();
                var gw = Tensor.RandN(gg, [c]).DetachFromScope();
                double t = ProbeTiming.BestMs(reps, () => { using (Autograd.NoGrad()) Tensor.GroupNorm(x, 8, gw, gw); });
                double m = ProbeTiming.BestMs(reps, () => { using (Autograd.NoGrad()) x.Mish(); });
                Console.WriteLine($"group_norm [64,{c},{l}]: {t * 1e3:F1} us, {t * 1e6 / (64.0 * c * l):F2} ns/element; mish {m * 1e3:F1} us");
            }
            return 0;
        }
        var settings = args.Skip(1).Where(a => !a.StartsWith("--")).Select(a => a.Split(',').Select(int.Parse).ToArray()).ToList();
        if (settings.Count == 0) settings.Add([CpuBackend.ConvChunkBytes, CpuBackend.ConvChunkMinColumns]);
        // (cin, cout, length, forward calls, input-gradient calls) per W7 guided step (profile W7 --shapes).
        (int Cin, int Cout, int L, int Fwd, int Bwd)[] shapes =
        [
            (256, 256, 4, 7, 0), (128, 128, 8, 6, 3), (64, 64, 16, 7, 4), (128, 128, 4, 7, 4), (64, 64, 32, 3, 3),
            (512, 128, 4, 1, 0), (32, 32, 32, 4, 0), (64, 128, 8, 2, 0),
        ];
        if (w5) shapes = [(32, 32, 128, 2, 0), (64, 64, 64, 2, 0), (128, 128, 32, 2, 0), (256, 256, 16, 2, 0)];
        var g = new Generator(0);
        var data = shapes.Select(s => (s, X: Tensor.RandN(g, [64, s.Cin, s.L]).DetachFromScope(), W: Tensor.RandN(g, [s.Cout, s.Cin, 5]).DetachFromScope(),
            B: Tensor.RandN(g, [s.Cout]).DetachFromScope(), Gy: Tensor.RandN(g, [64, s.Cout, s.L]).DetachFromScope())).ToList();
        foreach (var setting in settings)
        {
            CpuBackend.ConvChunkBytes = CpuBackend.ConvGradChunkBytes = setting[0];
            CpuBackend.ConvChunkMinColumns = CpuBackend.ConvGradChunkMinColumns = setting[1];
            double total = 0;
            var line = new List<string>();
            foreach (var (s, x, w, b, gy) in data)
            {
                double f = ProbeTiming.BestMs(reps, () => { using (Autograd.NoGrad()) Tensor.Conv1d(x, w, b, padding: 2); });
                double gflop = 2.0 * s.Cin * 5 * s.Cout * 64 * s.L / 1e9;
                double bw = s.Bwd == 0 ? 0 : ProbeTiming.BestMs(reps, () => new ConvInputGradOp(new ConvGeometry(5, 1, 2, 1), s.L).Apply(gy, w.Reshape(s.Cout, s.Cin * 5)));
                total += s.Fwd * f + s.Bwd * bw;
                line.Add($"{s.Cin}->{s.Cout}@{s.L}: {f:F3} ({gflop / f * 1e3:F0} GF/s) / {bw:F3}");
            }
            Console.WriteLine($"chunk {setting[0] >> 10} KiB, >= {setting[1]} columns: {total:F2} ms weighted | {string.Join(" | ", line)}");
        }
        return 0;
    }
}
