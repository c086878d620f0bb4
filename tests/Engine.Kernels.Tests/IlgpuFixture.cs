using Engine.Kernels.Devices;
using Engine.Kernels.Runtime;
using ILGPU.Runtime.CPU;

namespace Engine.Kernels.Tests;

/// <summary>
/// One ILGPU CPU accelerator for the whole test run, shaped like a GPU (AMD kind: 256 threads per group,
/// so the 16×16 matmul tile fits), and a kernel cache launching 1-D kernels in groups of 32. The CPU
/// simulator runs one OS thread per simulated thread, so every test keeps its sizes tiny.
/// </summary>
public sealed class IlgpuFixture : IDisposable
{
    public const int GroupSize = 32;

    public IlgpuFixture()
    {
        Context = KernelContext.Create(b => b.CPU(CPUDevice.GetDevice(CPUDeviceKind.AMD)));
        Accelerator = Context.GetCPUDevice(0).CreateAccelerator(Context);
        Kernels = new KernelCache(Accelerator, GroupSize);
    }

    public Context Context { get; }
    public Accelerator Accelerator { get; }
    public KernelCache Kernels { get; }

    public MemoryBuffer1D<T, Stride1D.Dense> Upload<T>(T[] data) where T : unmanaged => Accelerator.Allocate1D(data);

    public MemoryBuffer1D<T, Stride1D.Dense> Zeros<T>(int n) where T : unmanaged
    {
        var buffer = Accelerator.Allocate1D<T>(Math.Max(n, 1));
        buffer.MemSetToZero();
        return buffer;
    }

    public void Dispose()
    {
        Kernels.Dispose();
        Accelerator.Dispose();
        Context.Dispose();
    }
}

/// <summary>All accelerator tests share one accelerator and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class IlgpuCollection : ICollectionFixture<IlgpuFixture>
{
    public const string Name = "ilgpu-cpu";
}
