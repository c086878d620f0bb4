using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace Engine.Kernels.Devices;

/// <summary>One line of the device list.</summary>
public sealed record DeviceInfo(DeviceKind Kind, int Index, string Name, long MemoryBytes, int MaxThreadsPerGroup, string Detail);

/// <summary>Device discovery and selection: explicit choice, then <c>ENGINE_DEVICE</c>, then the best available.</summary>
public static class IlgpuDevices
{
    /// <summary>Every ILGPU device this process can open (CUDA, OpenCL with the features ILGPU needs, the CPU simulator).</summary>
    public static IReadOnlyList<DeviceInfo> List()
    {
        NativeLibraries.Install();
        using var context = KernelContext.Create(b => b.Cuda().OpenCL().CPU(CPUDeviceKind.Default));
        var list = new List<DeviceInfo>();
        foreach (var kind in new[] { DeviceKind.Cuda, DeviceKind.OpenCL, DeviceKind.IlgpuCpu })
        {
            var devices = Of(context, kind);
            for (int i = 0; i < devices.Count; i++)
            {
                var d = devices[i];
                string detail = d is CudaDevice cd ? $"sm_{cd.Architecture?.Major}{cd.Architecture?.Minor}, driver {cd.DriverVersion}" : d.AcceleratorType.ToString();
                list.Add(new DeviceInfo(kind, i, d.Name, d.MemorySize, d.MaxNumThreadsPerGroup, detail));
            }
        }
        return list;
    }

    /// <summary>
    /// The device to use: <paramref name="requested"/> if given, else <c>ENGINE_DEVICE</c>, else CUDA, then
    /// OpenCL, then the managed CPU backend. Never picks the CPU simulator by itself.
    /// </summary>
    public static DeviceKind Select(DeviceKind? requested = null)
    {
        if ((requested ?? DeviceNames.FromEnvironment()) is { } chosen) return chosen;
        var found = List();
        if (found.Any(d => d.Kind == DeviceKind.Cuda)) return DeviceKind.Cuda;
        if (found.Any(d => d.Kind == DeviceKind.OpenCL)) return DeviceKind.OpenCL;
        return DeviceKind.Cpu;
    }

    /// <summary>Opens an ILGPU device; throws InvalidOperationException naming what was found when it is absent.</summary>
    /// <param name="kind">The accelerator kind; <see cref="DeviceKind.Cpu"/> is not an ILGPU device.</param>
    /// <param name="index">Which device of that kind, from 0.</param>
    /// <param name="cpuDevice">For <see cref="DeviceKind.IlgpuCpu"/>: the simulated shape (default: <see cref="BoundedCpu"/>;
    /// pass <c>CPUDevice.GetDevice(CPUDeviceKind.AMD)</c> for GPU-shaped groups of 256 threads, as the kernel tests do).</param>
    /// <param name="groupSize">Threads per group for 1-D kernels (a power of two); 0 picks 256 capped by the device.</param>
    /// <exception cref="ArgumentException"><paramref name="kind"/> is <see cref="DeviceKind.Cpu"/>, or the group size is invalid.</exception>
    /// <exception cref="InvalidOperationException">No device <paramref name="index"/> of that kind exists.</exception>
    public static IlgpuDevice Open(DeviceKind kind, int index = 0, CPUDevice? cpuDevice = null, int groupSize = 0)
    {
        if (kind == DeviceKind.Cpu)
            throw new ArgumentException("device 'cpu' is the managed CPU backend, not an ILGPU device");
        NativeLibraries.Install();
        var context = kind switch
        {
            DeviceKind.Cuda => KernelContext.Create(b => b.Cuda()),
            DeviceKind.OpenCL => KernelContext.Create(b => b.OpenCL()),
            _ => KernelContext.Create(b => b.CPU(cpuDevice ?? BoundedCpu())),
        };
        try
        {
            var devices = Of(context, kind);
            if (index < 0 || index >= devices.Count)
                throw new InvalidOperationException(
                    $"no {DeviceNames.Name(kind)} device #{index}: ILGPU found {devices.Count} " +
                    "(CUDA needs libcuda.so(.1); OpenCL needs a device with generic address space, which PoCL lacks)");
            return new IlgpuDevice(kind, context, devices[index].CreateAccelerator(context), groupSize);
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The CPU simulator shaped to the machine: one multiprocessor whose groups hold
    /// <see cref="BoundedCpuThreads"/> threads. The simulator runs one OS thread per simulated thread of a
    /// multiprocessor, all spinning at each barrier, so GPU-shaped groups (256 threads) on a 2-core machine
    /// drive the load into the hundreds. Here it never runs more worker threads than cores (at least two:
    /// ILGPU's smallest warp). Kernels that need bigger groups fall back: matmul runs its direct kernel.
    /// </summary>
    public static CPUDevice BoundedCpu() => new(BoundedCpuThreads, 1, 1);

    /// <summary>Worker threads of <see cref="BoundedCpu"/>: the largest power of two ≤ the processor count, between 2 and 8.</summary>
    public static int BoundedCpuThreads
    {
        get
        {
            int cores = Math.Clamp(Environment.ProcessorCount, 2, 8);
            return 1 << (31 - System.Numerics.BitOperations.LeadingZeroCount((uint)cores));
        }
    }

    private static List<Device> Of(Context context, DeviceKind kind)
    {
        var type = kind switch
        {
            DeviceKind.Cuda => AcceleratorType.Cuda,
            DeviceKind.OpenCL => AcceleratorType.OpenCL,
            _ => AcceleratorType.CPU,
        };
        var list = new List<Device>();
        foreach (var device in context.Devices)
            if (device.AcceleratorType == type) list.Add(device);
        return list;
    }
}
