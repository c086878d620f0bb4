using Engine.Backends.Cpu;
using Engine.Kernels.Devices;

namespace Engine.Backends.Ilgpu.Tests;

/// <summary>
/// The ILGPU backend on ILGPU's bounded CPU simulator (<see cref="IlgpuDevices.BoundedCpu"/>: groups of at most
/// as many threads as cores, so matmul runs its direct kernel), made the process's default backend so every op
/// of the shared op table runs on it end to end. The GPU-shaped groups (256-thread tiles, 1-D groups of 32)
/// are covered kernel by kernel in Engine.Kernels.Tests.
/// This project runs in its own test process: a kernel fault on the simulator ends the process.
/// Set ENGINE_DEVICE=cuda to run the same suite on a GPU (bench/gpu-check.sh does).
/// </summary>
public sealed class BackendFixture : IDisposable
{
    public BackendFixture()
    {
        var kind = DeviceNames.FromEnvironment() is DeviceKind.Cuda or DeviceKind.OpenCL ? DeviceNames.FromEnvironment()!.Value : DeviceKind.IlgpuCpu;
        Backend = new IlgpuBackend(IlgpuDevices.Open(kind));
        OnGpu = kind != DeviceKind.IlgpuCpu;
        Tensor.DefaultBackend = Backend;
    }

    public IlgpuBackend Backend { get; }
    public bool OnGpu { get; }
    public IBackend Cpu => CpuBackend.Instance;

    public void Dispose()
    {
        Tensor.DefaultBackend = CpuBackend.Instance;
        Backend.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BackendCollection : ICollectionFixture<BackendFixture>
{
    public const string Name = "ilgpu-backend";
}
