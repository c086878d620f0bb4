using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Engine.Envs.MuJoCo.Native;

/// <summary>
/// MuJoCo's global error and warning hooks. Without them a fatal error blocks on getchar(), calls
/// exit(1) and writes MUJOCO_LOG.TXT into the working directory; warnings also go to that file.
/// </summary>
internal static unsafe class MjHandlers
{
    private static long _warningCount;
    private static string? _lastWarning;

    public static long WarningCount => Interlocked.Read(ref _warningCount);
    public static string? LastWarning => Volatile.Read(ref _lastWarning);

    /// <summary>Writes our function pointers into the exported mju_user_error / mju_user_warning variables.</summary>
    public static void Install(IntPtr library)
    {
        var error = NativeLibrary.GetExport(library, "mju_user_error");
        var warning = NativeLibrary.GetExport(library, "mju_user_warning");
        *(IntPtr*)error = (IntPtr)(delegate* unmanaged[Cdecl]<byte*, void>)&OnError;
        *(IntPtr*)warning = (IntPtr)(delegate* unmanaged[Cdecl]<byte*, void>)&OnWarning;
    }

    // mju_error has no recoverable path in 2.2.2 and an exception cannot cross the native frames,
    // so the only honest outcome is a loud, immediate stop that names the cause.
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnError(byte* message)
    {
        var text = Marshal.PtrToStringUTF8((IntPtr)message) ?? "(no message)";
        Console.Error.WriteLine($"MuJoCo fatal error: {text}");
        Environment.FailFast($"MuJoCo fatal error: {text}");
    }

    // Warnings (unstable simulation, contact buffer full) are counted; environments also read
    // mjData.warning to react to bad qpos/qvel/qacc per instance.
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnWarning(byte* message)
    {
        Interlocked.Increment(ref _warningCount);
        Volatile.Write(ref _lastWarning, Marshal.PtrToStringUTF8((IntPtr)message));
    }
}
