using Engine.Kernels.Runtime;
using ILGPU;
using ILGPU.Runtime;

namespace Engine.Kernels.Devices;

/// <summary>
/// An open ILGPU device: context, accelerator and its kernel cache, disposed in the order ILGPU needs
/// (the caller's buffers first, then the accelerator, then the context).
/// </summary>
public sealed class IlgpuDevice : IDisposable
{
    internal IlgpuDevice(DeviceKind kind, Context context, Accelerator accelerator, int groupSize)
    {
        Kind = kind;
        Context = context;
        Accelerator = accelerator;
        Kernels = new KernelCache(accelerator, groupSize);
    }

    /// <summary>The kind of accelerator.</summary>
    public DeviceKind Kind { get; }
    /// <summary>The ILGPU context (with ILGPU.Algorithms enabled) that owns the accelerator.</summary>
    public Context Context { get; }
    /// <summary>The ILGPU accelerator; kernels queue on its default stream.</summary>
    public Accelerator Accelerator { get; }
    /// <summary>The kernels compiled for this accelerator.</summary>
    public KernelCache Kernels { get; }

    /// <summary>Waits for every queued kernel; only needed before reading results back.</summary>
    public void Synchronize() => Accelerator.Synchronize();

    /// <summary>"kind: accelerator name", e.g. "cuda: NVIDIA H100".</summary>
    public override string ToString() => $"{DeviceNames.Name(Kind)}: {Accelerator.Name}";

    /// <summary>Disposes the kernel cache, then the accelerator, then the context; buffers on the device must be freed first.</summary>
    public void Dispose()
    {
        Kernels.Dispose();
        Accelerator.Dispose();
        Context.Dispose();
    }
}
