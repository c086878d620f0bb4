using Engine;
using Engine.Backends;
using Engine.Backends.Cpu;
using Engine.Backends.Ilgpu;
using Engine.GpuCheck;
using Engine.Kernels.Devices;

// The engine side of bench/gpu-check.sh (docs/backends.md). The GPU image has no .NET SDK, so this one program
// does what the test projects do there; `gpu-check.sh --prepare` publishes it self-contained.
//   devices                              the ILGPU devices this process sees
//   ops [--grad]                         the op table against the CPU backend (and its gradient checks) on ENGINE_DEVICE
//   bench [--only W1,..,W8] [--micro]    W1–W8 on ENGINE_DEVICE (cpu allowed: the dry run's reference), JSON lines
const string usage = "usage: Engine.GpuCheck devices | ops [--grad] | bench [--only W1,W2,...,W8] [--micro]";
string mode = args.Length == 0 ? "devices" : args[0];
if (mode == "devices")
{
    foreach (var d in IlgpuDevices.List())
        Console.WriteLine($"{DeviceNames.Name(d.Kind)}#{d.Index}: {d.Name}, {d.MemoryBytes / (1 << 20)} MiB, {d.MaxThreadsPerGroup} threads/group, {d.Detail}");
    return 0;
}
if (mode is not ("ops" or "bench"))
{
    Console.Error.WriteLine($"error: unknown mode '{mode}' (argument 1): {usage}");
    return 2;
}
string[] all = ["W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8"];
var onlyText = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault() ?? string.Join(",", all);
var only = onlyText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(w => w.ToUpperInvariant()).ToHashSet();
if (only.FirstOrDefault(w => !all.Contains(w)) is { } unknown)
{
    Console.Error.WriteLine($"error: unknown workload '{unknown}' (--only): expected some of {string.Join(",", all)}");
    return 2;
}
DeviceKind kind;
try
{
    kind = IlgpuDevices.Select();
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message} ({DeviceNames.EnvironmentVariable})");
    return 2;
}
using var device = kind == DeviceKind.Cpu ? null : new IlgpuBackend(IlgpuDevices.Open(kind));
IBackend backend = device ?? (IBackend)CpuBackend.Instance;
Console.Error.WriteLine($"device: {(device is null ? "cpu backend" : device.Device.ToString())}");
Tensor.DefaultBackend = backend;
try
{
    if (mode == "ops") return OpSuite.Run(onGpu: kind is DeviceKind.Cuda or DeviceKind.OpenCL, gradients: args.Contains("--grad"));
    bool micro = args.Contains("--micro");
    var timing = new Timing(device is null ? () => { } : device.Device.Synchronize, warmup: micro ? 1 : 3, samples: micro ? 3 : 20);
    BenchSuite.Run(backend, only, micro ? CheckSizes.Micro : CheckSizes.Peer, timing);
    return 0;
}
finally
{
    Tensor.DefaultBackend = CpuBackend.Instance;
}
