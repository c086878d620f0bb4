using Engine.Kernels.Devices;
using Engine.Kernels.MatMul;
using Engine.Kernels.Reduce;
using ILGPU;
using ILGPU.Runtime;

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
    private static readonly System.Text.RegularExpressions.Regex Worker = new(@"^ILGPU_\d+_CP");

    [Fact]
    public void TheBoundedSimulatorRunsNoMoreWorkerThreadsThanCores()
    {
        int before = SimulatorThreads();
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
            int started = SimulatorThreads() - before;
            int limit = Math.Max(2, Environment.ProcessorCount);
            Assert.True(started >= 1 && started <= limit, $"{started} threads: {string.Join(", ", Names())}");
            Assert.Equal(IlgpuDevices.BoundedCpuThreads, started);
            Assert.True(device.Accelerator.NumMultiprocessors * device.Accelerator.MaxNumThreadsPerMultiprocessor <= limit);
        }
        Assert.Equal(before, SimulatorThreads());
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

    private static IEnumerable<string> Names() =>
        Directory.EnumerateDirectories("/proc/self/task").Select(t => File.ReadAllText(Path.Combine(t, "comm")).Trim());

    /// <summary>
    /// Worker threads of ILGPU's CPU simulators in this process. ILGPU names them ILGPU_{instance}_CPU_{processor}_{thread}
    /// (Linux keeps the first 15 characters in /proc); a context's front-end and GC threads idle and are not counted.
    /// </summary>
    private static int SimulatorThreads()
    {
        if (!OperatingSystem.IsLinux()) return System.Diagnostics.Process.GetCurrentProcess().Threads.Count;
        int count = 0;
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                if (Worker.IsMatch(File.ReadAllText(Path.Combine(task, "comm")))) count++;
            }
            catch (IOException)
            {
                // The thread ended between listing and reading.
            }
        }
        return count;
    }
}
