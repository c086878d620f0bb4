using Engine.Kernels.Devices;
using Engine.Kernels.MatMul;
using Engine.Kernels.Reduce;

namespace Engine.Kernels.Tests;

/// <summary>
/// The default CPU simulator (<see cref="IlgpuDevices.BoundedCpu"/>) starts no more worker threads than the
/// machine has cores, and its matmul fallback (the direct kernel) gives the tiled kernel's bits.
/// In the accelerator collection so no other simulator starts threads while this one counts.
/// </summary>
[Collection(IlgpuCollection.Name)]
public sealed class BoundedCpuTests(IlgpuFixture gpu)
{
    private const int Batch = 2, M = 17, N = 19, K = 23;
    [Fact]
    public void TheBoundedSimulatorRunsNoMoreWorkerThreadsThanCores()
    {
        var before = Workers();
        string instance;
        using (var device = IlgpuDevices.Open(DeviceKind.IlgpuCpu))
        {
            Assert.False(device.Kernels.MatMul.TileFits);
            // A matmul, a tree reduction and a 1-D kernel at the largest group the device allows.
            using var a = device.Accelerator.Allocate1D(TestData.Floats(M * K, seed: 1));
            using var c = device.Accelerator.Allocate1D<float>(M * M);
            using var s = device.Accelerator.Allocate1D<float>(M);
            device.Kernels.MatMul.MatMul(1, M, M, K, a.View, MatrixLayout.RowMajor(M, K), a.View, MatrixLayout.Transposed(K, M),
                c.View, MatrixLayout.RowMajor(M, M));
            device.Kernels.Reduce.Reduce(ReduceKind.Sum, c.View, Layout.StridedLayout.Create([M], [M]),
                Layout.StridedLayout.Create([M], [1]), s.View, Layout.StridedLayout.Create([M], [1]));
            device.Kernels.Random.Normal(3, 0, 0, c.View, M * M);
            device.Synchronize();
            // This accelerator's workers: the instance that no worker had before it opened (other simulators in the
            // process may still be starting theirs, so a plain count before and after could include them).
            var after = Workers();
            var fresh = after.Where(w => !before.ContainsKey(w.Key)).Select(w => w.Value)
                .Where(id => !before.ContainsValue(id)).Distinct().ToList();
            instance = Assert.Single(fresh);
            int started = after.Values.Count(id => id == instance);
            int limit = Math.Max(2, Environment.ProcessorCount);
            Assert.InRange(started, 1, limit);
            Assert.Equal(IlgpuDevices.BoundedCpuThreads, started);
            Assert.True(device.Accelerator.NumMultiprocessors * device.Accelerator.MaxNumThreadsPerMultiprocessor <= limit);
        }
        Assert.DoesNotContain(instance, Workers().Values);
    }

    [Fact]
    public void TheDirectMatMulGivesTheTiledKernelsBits()
    {
        Assert.True(gpu.Kernels.MatMul.TileFits);
        var a = TestData.Floats(Batch * M * K, seed: 31);
        var b = TestData.Floats(K * N, seed: 32);
        var c0 = TestData.Floats(Batch * M * N, seed: 33);
        float[] Product(Accelerator acc, Runtime.KernelCache k)
        {
            using var ab = acc.Allocate1D(a);
            using var bb = acc.Allocate1D(b);
            using var cb = acc.Allocate1D(c0);
            // B broadcast over the batch and read transposed; beta = 1 accumulates into C.
            k.MatMul.MatMul(Batch, M, N, K, ab.View, MatrixLayout.RowMajor(M, K), bb.View, MatrixLayout.Transposed(N, K).Broadcast(),
                cb.View, MatrixLayout.RowMajor(M, N), beta: 1f);
            return cb.GetAsArray1D();
        }
        var tiled = Product(gpu.Accelerator, gpu.Kernels);
        using var bounded = IlgpuDevices.Open(DeviceKind.IlgpuCpu);
        var direct = Product(bounded.Accelerator, bounded.Kernels);
        TestData.Identical(tiled, direct, tiled.Length);
        Assert.NotEqual(c0, direct);
    }

    private static readonly System.Text.RegularExpressions.Regex Worker = new(@"^ILGPU_(\d+)_CP");

    /// <summary>
    /// The worker threads of ILGPU's CPU simulators, thread id → accelerator instance. ILGPU names them
    /// ILGPU_{instance}_CPU_{processor}_{thread} (Linux keeps 15 characters in /proc); the context's front-end and GC
    /// threads idle and are not counted.
    /// </summary>
    private static Dictionary<string, string> Workers()
    {
        Assert.True(OperatingSystem.IsLinux(), "counting threads by name needs /proc/self/task (Linux)");
        var workers = new Dictionary<string, string>();
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                var m = Worker.Match(File.ReadAllText(Path.Combine(task, "comm")));
                if (m.Success) workers[Path.GetFileName(task)] = m.Groups[1].Value;
            }
            catch (IOException)
            {
                // The thread ended between listing and reading.
            }
        }
        return workers;
    }
}
