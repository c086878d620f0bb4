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

    public DeviceKind Kind { get; }
    public Context Context { get; }
    public Accelerator Accelerator { get; }
    public KernelCache Kernels { get; }

    /// <summary>Waits for every queued kernel; only needed before reading results back.</summary>
    public void Synchronize() => Accelerator.Synchronize();

    public override string ToString() => $"{DeviceNames.Name(Kind)}: {Accelerator.Name}";

    public void Dispose()
    {
        Kernels.Dispose();
        Accelerator.Dispose();
        Context.Dispose();
    }
}
