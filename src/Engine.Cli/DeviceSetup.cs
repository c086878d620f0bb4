using System.CommandLine;
using Engine.Backends.Ilgpu;
using Engine.Kernels.Devices;

namespace Engine.Cli;

/// <summary>
/// Chooses where tensors live for this process: ENGINE_DEVICE (cpu | cuda | opencl | ilgpu-cpu) when set —
/// an error if that device cannot be opened — otherwise the best available GPU, falling back to the
/// managed CPU backend. `engine devices` lists what was found.
/// </summary>
internal static class DeviceSetup
{
    public static void Apply()
    {
        var requested = Parse(DeviceNames.EnvironmentVariable, () => DeviceNames.FromEnvironment(), Environment.GetEnvironmentVariable(DeviceNames.EnvironmentVariable));
        if (requested == DeviceKind.Cpu) return;
        if (requested is { } kind)
        {
            Tensor.DefaultBackend = Open(kind, DeviceNames.EnvironmentVariable);
            return;
        }
        try
        {
            if (IlgpuDevices.Select() is DeviceKind.Cuda or DeviceKind.OpenCL)
                Tensor.DefaultBackend = IlgpuBackend.Create();
        }
        catch (Exception e) when (e is InvalidOperationException or DllNotFoundException or TypeInitializationException)
        {
            // No usable GPU: the CPU backend stays the default.
        }
    }

    /// <summary>An explicit choice (a command's --device option) over ENGINE_DEVICE and the default.</summary>
    public static void Use(string name)
    {
        var kind = Parse("--device", () => DeviceNames.Parse(name), name);
        Tensor.DefaultBackend = kind == DeviceKind.Cpu ? Engine.Backends.Cpu.CpuBackend.Instance : Open(kind, "--device");
    }

    /// <summary>A device name the user gave at <paramref name="where"/> (an option or ENGINE_DEVICE); an unknown one is an <see cref="InputException"/> there.</summary>
    private static T Parse<T>(string where, Func<T> parse, string? text)
    {
        try
        {
            return parse();
        }
        catch (ArgumentException) // the kernels' parser knows no InputException (it sits below Engine.IO)
        {
            throw InputException.InvalidValue(where, text, "unknown device; expected cpu, cuda, opencl or ilgpu-cpu");
        }
    }

    /// <summary>Opens an ILGPU device the user asked for; a device that cannot be opened is a one-line error naming where it was asked for.</summary>
    private static IlgpuBackend Open(DeviceKind kind, string where)
    {
        try
        {
            return IlgpuBackend.Create(kind);
        }
        catch (Exception e) when (e is InvalidOperationException or DllNotFoundException or TypeInitializationException or NotSupportedException)
        {
            throw new InputException($"device {DeviceNames.Name(kind)} unavailable", where, e.Message);
        }
    }

    public static Command DevicesCommand()
    {
        var command = new Command("devices", "List the devices tensors can live on, and the one in use.");
        command.SetAction(_ =>
        {
            Console.WriteLine("cpu        managed SIMD backend (always available)");
            foreach (var d in IlgpuDevices.List())
                Console.WriteLine($"{DeviceNames.Name(d.Kind),-10} #{d.Index} {d.Name} ({d.Detail}, {d.MemoryBytes / (1 << 20)} MiB, {d.MaxThreadsPerGroup} threads/group)");
            Console.WriteLine($"in use: {Tensor.DefaultBackend.Name} (set {DeviceNames.EnvironmentVariable} to choose)");
            return 0;
        });
        return command;
    }
}
