using System.Globalization;
using Engine.Backends;
using Engine.Backends.Ilgpu;
using Engine.Bench;
using Engine.Bench.Workloads;
using Engine.Kernels.MatMul;

namespace Engine.GpuCheck;

/// <summary>
/// W1–W8 of ../shared/peer/README.md on the default backend, one JSON line each in the format bench/gpu/torch_cuda.py
/// prints, so bench/gpu/summary.py can pair them: <c>{"workload": "W4", "median_ms": …}</c>, W1 with <c>n</c> and
/// <c>impl</c>. W5 and W7 also time their unguided step (W5_plain, W7_plain).
/// </summary>
internal static class BenchSuite
{
    public static void Run(IBackend backend, ISet<string> only, CheckSizes s, Timing timing)
    {
        if (only.Contains("W1")) W1(backend, s.Gemm, timing);
        Time(only, "W2", timing, () => RewardWorkloads.W2RewardAlignmentStep(s.RewardBatch));
        Time(only, "W3", timing, () => RewardWorkloads.W3HessianVectorProduct(batch: s.RewardBatch));
        Time(only, "W4", timing, () => DiffuserWorkloads.W4Step(s.W4));
        Time(only, "W5", timing, () => DiffuserWorkloads.W5Step(guided: true, s.W5));
        Time(only, "W5", timing, () => DiffuserWorkloads.W5Step(guided: false, s.W5), "W5_plain");
        Time(only, "W6", timing, RewardWorkloads.W6PerOpOverhead);
        Time(only, "W7", timing, () => W7LocomotionPlanning.Stepper(Loco(s), guided: true));
        Time(only, "W7", timing, () => W7LocomotionPlanning.Stepper(Loco(s), guided: false), "W7_plain");
        Time(only, "W8", timing, () => MazeRewardWorkload.Build(batch: s.MazeBatch, horizon: s.MazeHorizon).Step);
    }

    private static W7LocomotionPlanning.Setup Loco(CheckSizes s) => W7LocomotionPlanning.Build(s.LocoBatch, s.LocoHorizon, s.LocoDim, s.LocoMults);

    /// <summary>Builds the workload (untimed), times one call per sample and prints its line.</summary>
    private static void Time(ISet<string> only, string name, Timing timing, Func<Action> setup, string? row = null)
    {
        if (!only.Contains(name)) return;
        Action call = setup();
        double ms = timing.MedianMs(call);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{{\"workload\":\"{row ?? name}\",\"median_ms\":{ms:F4}}}"));
    }

    /// <summary>
    /// W1: square SGEMM. On an ILGPU device, on device-resident buffers through the kernel library (cuBLAS where present,
    /// and the hand-written kernel); on the CPU backend, through <see cref="Tensor.MatMul"/>.
    /// </summary>
    private static void W1(IBackend backend, int[] sizes, Timing timing)
    {
        foreach (int n in sizes)
        {
            if (backend is IlgpuBackend device)
            {
                var k = device.Device.Kernels;
                using var a = device.Device.Accelerator.Allocate1D<float>((long)n * n);
                using var b = device.Device.Accelerator.Allocate1D<float>((long)n * n);
                using var c = device.Device.Accelerator.Allocate1D<float>((long)n * n);
                k.Random.Normal(1, 0, 0, a.View, n * n);
                k.Random.Normal(1, 1, 0, b.View, n * n);
                var l = MatrixLayout.RowMajor(n, n);
                foreach (bool blas in new[] { true, false })
                {
                    if (blas && !k.MatMul.CuBlasAvailable) continue;
                    k.MatMul.UseCuBlas = blas;
                    double ms = timing.MedianMs(() => k.MatMul.MatMul(1, n, n, n, a.View, l, b.View, l, c.View, l));
                    Gemm(blas ? "cublas" : k.MatMul.TileFits ? "tiled" : "direct", n, ms);
                }
                k.MatMul.UseCuBlas = true;
            }
            else
            {
                var g = new Generator(1);
                var a = Tensor.RandN(g, [n, n]);
                var b = Tensor.RandN(g, [n, n]);
                double ms = timing.MedianMs(() =>
                {
                    using var scope = Tensor.Scope();
                    a.MatMul(b);
                });
                Gemm(backend.Name, n, ms);
            }
        }
    }

    private static void Gemm(string impl, int n, double ms) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"workload\":\"W1\",\"impl\":\"{impl}\",\"n\":{n},\"median_ms\":{ms:F4},\"gflops\":{2.0 * n * n * n / ms / 1e6:F1}}}"));
}
