using ILGPU;

namespace Engine.Kernels.Devices;

/// <summary>
/// The one way this engine creates an ILGPU context. The PTX backend has no built-in implementation of
/// MathF/Math exp, log, tanh, sin, cos or pow: ILGPU.Algorithms supplies them (EnableAlgorithms), and the
/// PTX compile test fails without it. The native-library resolver must be in place before the first
/// context probes for drivers.
/// </summary>
public static class KernelContext
{
    /// <summary>An ILGPU context with the devices <paramref name="devices"/> adds and ILGPU.Algorithms enabled.</summary>
    /// <param name="devices">Adds the accelerators to the builder, e.g. <c>b =&gt; b.Cuda()</c>.</param>
    public static Context Create(Action<Context.Builder> devices)
    {
        NativeLibraries.Install();
        return Context.Create(b =>
        {
            devices(b);
            b.EnableAlgorithms();
        });
    }
}
