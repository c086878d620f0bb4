using System.Diagnostics;
using Engine;
using Engine.Backends.Ilgpu;
using Engine.Bench.Workloads;
using Engine.Kernels.Devices;
using Engine.Kernels.MatMul;
using ILGPU;
using ILGPU.Runtime;

// GPU smoke benchmark, printing one JSON line per measurement (the peer suite's format):
//   devices                    list the ILGPU devices this process sees
//   bench [--only W1,W2,W3,W6] time the workloads on ENGINE_DEVICE (default: the best GPU)
// W4/W5 (the U-Net) are not wired here yet.
if (args.Length == 0 || args[0] == "devices")
{
    foreach (var d in IlgpuDevices.List())
        Console.WriteLine($"{DeviceNames.Name(d.Kind)}#{d.Index}: {d.Name}, {d.MemoryBytes / (1 << 20)} MiB, {d.MaxThreadsPerGroup} threads/group, {d.Detail}");
    return 0;
}

var only = (args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault() ?? "W1,W2,W3,W6").Split(',');
using var backend = IlgpuBackend.Create();
Console.Error.WriteLine($"device: {backend.Device}");
Tensor.DefaultBackend = backend;

if (only.Contains("W1")) W1(backend);
if (only.Contains("W2")) Report("W2", Time(backend, RewardWorkloads.W2RewardAlignmentStep()));
if (only.Contains("W3")) Report("W3", Time(backend, RewardWorkloads.W3HessianVectorProduct()));
if (only.Contains("W6"))
{
    double ms = Time(backend, RewardWorkloads.W6PerOpOverhead());
    Console.WriteLine($"{{\"workload\":\"W6\",\"median_ms\":{ms:F4},\"us_per_op_fwd_bwd\":{ms * 1000 / 100:F3}}}");
}
return 0;

static void Report(string name, double ms) => Console.WriteLine($"{{\"workload\":\"{name}\",\"median_ms\":{ms:F4}}}");

// Median of 20 samples after 3 warm-up calls; each sample waits for the device.
static double Time(IlgpuBackend backend, Action call, int samples = 20)
{
    for (int i = 0; i < 3; i++) call();
    backend.Device.Synchronize();
    var times = new double[samples];
    for (int i = 0; i < samples; i++)
    {
        var sw = Stopwatch.StartNew();
        call();
        backend.Device.Synchronize();
        times[i] = sw.Elapsed.TotalMilliseconds;
    }
    Array.Sort(times);
    return times[samples / 2];
}

// W1: square SGEMM, cuBLAS where present and the tiled kernel, on device-resident operands.
static void W1(IlgpuBackend backend)
{
    var k = backend.Device.Kernels;
    foreach (int n in new[] { 128, 256, 512, 1024, 2048 })
    {
        using var a = backend.Device.Accelerator.Allocate1D<float>((long)n * n);
        using var b = backend.Device.Accelerator.Allocate1D<float>((long)n * n);
        using var c = backend.Device.Accelerator.Allocate1D<float>((long)n * n);
        k.Random.Normal(1, 0, 0, a.View, n * n);
        k.Random.Normal(1, 1, 0, b.View, n * n);
        var l = MatrixLayout.RowMajor(n, n);
        foreach (bool blas in new[] { true, false })
        {
            if (blas && !k.MatMul.CuBlasAvailable) continue;
            k.MatMul.UseCuBlas = blas;
            double ms = Time(backend, () => k.MatMul.MatMul(1, n, n, n, a.View, l, b.View, l, c.View, l));
            Console.WriteLine($"{{\"workload\":\"W1\",\"impl\":\"{(blas ? "cublas" : "tiled")}\",\"n\":{n},\"median_ms\":{ms:F4},\"gflops\":{2.0 * n * n * n / ms / 1e6:F1}}}");
        }
        k.MatMul.UseCuBlas = true;
    }
}
