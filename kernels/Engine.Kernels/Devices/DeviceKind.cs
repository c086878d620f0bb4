namespace Engine.Kernels.Devices;

/// <summary>Where tensors live: the managed CPU backend, or an ILGPU accelerator.</summary>
public enum DeviceKind
{
    /// <summary>The managed SIMD CPU backend (not ILGPU).</summary>
    Cpu,
    /// <summary>An NVIDIA GPU through ILGPU's CUDA (PTX) backend.</summary>
    Cuda,
    /// <summary>An OpenCL device with generic address space support (ILGPU's requirement; PoCL lacks it).</summary>
    OpenCL,
    /// <summary>ILGPU's CPU simulator: a test oracle for the GPU kernels, far too slow for work.</summary>
    IlgpuCpu,
}

/// <summary>Parsing of device names as used by <c>ENGINE_DEVICE</c> and the command line.</summary>
public static class DeviceNames
{
    /// <summary>The environment variable that names the default device: <c>ENGINE_DEVICE</c>.</summary>
    public const string EnvironmentVariable = "ENGINE_DEVICE";

    /// <summary>cpu | cuda | opencl | ilgpu-cpu (case-insensitive); throws ArgumentException otherwise.</summary>
    public static DeviceKind Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "cpu" => DeviceKind.Cpu,
        "cuda" or "gpu" => DeviceKind.Cuda,
        "opencl" or "cl" => DeviceKind.OpenCL,
        "ilgpu-cpu" => DeviceKind.IlgpuCpu,
        _ => throw new ArgumentException($"unknown device '{text}': expected cpu, cuda, opencl or ilgpu-cpu"),
    };

    /// <summary>The canonical name of a device kind: cpu, cuda, opencl or ilgpu-cpu (the inverse of <see cref="Parse"/>).</summary>
    public static string Name(DeviceKind kind) => kind switch
    {
        DeviceKind.Cpu => "cpu",
        DeviceKind.Cuda => "cuda",
        DeviceKind.OpenCL => "opencl",
        _ => "ilgpu-cpu",
    };

    /// <summary>The device named by <c>ENGINE_DEVICE</c>, or null when it is unset or empty.</summary>
    public static DeviceKind? FromEnvironment()
    {
        var value = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return string.IsNullOrWhiteSpace(value) ? null : Parse(value);
    }
}
