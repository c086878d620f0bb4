using System.Reflection;
using System.Runtime.InteropServices;

namespace Engine.Kernels.Devices;

/// <summary>
/// ILGPU P/Invokes "cuda" and "OpenCL", which .NET resolves to the unversioned libcuda.so / libOpenCL.so.
/// Driver packages and GPU containers often ship only libcuda.so.1 / libOpenCL.so.1 (the unversioned
/// names come with -dev packages), and ILGPU then reports zero devices without an error. This resolver
/// tries the versioned names too. ILGPU.Algorithms' cuBLAS binding knows libcublas.so.10–12; CUDA 13
/// ships libcublas.so.13 with the same cublas*_v2 entry points, so the .so.12 request falls back to it.
/// </summary>
public static class NativeLibraries
{
    private static int _installed;

    /// <summary>Install the resolvers once per process (idempotent; before the first ILGPU Context).</summary>
    public static void Install()
    {
        if (Interlocked.Exchange(ref _installed, 1) != 0 || !OperatingSystem.IsLinux()) return;
        TrySet(typeof(ILGPU.Context).Assembly, ResolveDriver);
        TrySet(typeof(ILGPU.Runtime.Cuda.CuBlas).Assembly, ResolveCuBlas);
    }

    private static void TrySet(Assembly assembly, DllImportResolver resolver)
    {
        try
        {
            NativeLibrary.SetDllImportResolver(assembly, resolver);
        }
        catch (InvalidOperationException)
        {
            // ILGPU installs its own resolver on WSL (for the /usr/lib/wsl driver path); keep that one.
        }
    }

    private static IntPtr ResolveDriver(string name, Assembly assembly, DllImportSearchPath? path) => name switch
    {
        "cuda" => First(assembly, path, "libcuda.so", "libcuda.so.1"),
        "OpenCL" => First(assembly, path, "libOpenCL.so", "libOpenCL.so.1"),
        _ => IntPtr.Zero,
    };

    private static IntPtr ResolveCuBlas(string name, Assembly assembly, DllImportSearchPath? path) =>
        name == "libcublas.so.12" ? First(assembly, path, "libcublas.so.12", "libcublas.so.13") : IntPtr.Zero;

    private static IntPtr First(Assembly assembly, DllImportSearchPath? path, params string[] names)
    {
        foreach (var candidate in names)
            if (NativeLibrary.TryLoad(candidate, assembly, path, out var handle)) return handle;
        return IntPtr.Zero; // fall through to the default probing, which then reports the failure
    }
}
