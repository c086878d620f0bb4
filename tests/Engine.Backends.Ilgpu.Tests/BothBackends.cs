using Engine.Backends.Cpu;

namespace Engine.Backends.Ilgpu.Tests;

/// <summary>Runs one computation with the device as the default backend, then again on the CPU backend, and compares.</summary>
internal static class BothBackends
{
    /// <summary>(device result, CPU result) of <paramref name="run"/>; the default backend is restored afterwards.</summary>
    public static (T Device, T Cpu) Run<T>(IBackend device, Func<T> run)
    {
        var saved = Tensor.DefaultBackend;
        try
        {
            Tensor.DefaultBackend = device;
            var onDevice = run();
            Tensor.DefaultBackend = CpuBackend.Instance;
            return (onDevice, run());
        }
        finally
        {
            Tensor.DefaultBackend = saved;
        }
    }

    /// <summary>
    /// |device − cpu| ≤ tol · (1 + |cpu|) elementwise. The two backends sum in different orders (a tree per
    /// group against the CPU's blocked loops), so float32 results agree to rounding, not bit for bit.
    /// </summary>
    public static void Close(string what, double[] cpu, double[] device, double tol)
    {
        Assert.Equal(cpu.Length, device.Length);
        double worst = 0;
        int at = -1;
        for (int i = 0; i < cpu.Length; i++)
        {
            double excess = Math.Abs(device[i] - cpu[i]) / (1 + Math.Abs(cpu[i]));
            if (!(excess <= worst)) (worst, at) = (excess, i);
        }
        Assert.True(worst <= tol, $"{what}: element {at} differs by {worst:G3} (relative to 1 + |cpu|) > {tol:G3}: cpu {(at >= 0 ? cpu[at] : 0):R}, device {(at >= 0 ? device[at] : 0):R}");
    }
}
