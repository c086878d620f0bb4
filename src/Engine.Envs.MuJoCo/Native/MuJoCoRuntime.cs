using System.Runtime.InteropServices;
using Engine.Envs.MuJoCo.Native;

namespace Engine.Envs.MuJoCo;

/// <summary>Thrown when libmujoco is missing, has the wrong version, or rejects a model.</summary>
public sealed class MuJoCoException(string message) : Exception(message);

/// <summary>
/// One-time initialisation of the native library: load, exact version check, handler installation.
/// Every entry point of the bridge goes through <see cref="EnsureLoaded"/>.
/// </summary>
public static unsafe class MuJoCoRuntime
{
    /// <summary>How to install libmujoco 2.2.2, appended to messages about a missing library.</summary>
    public const string InstallHint = "Install it with: apt-get install libmujoco2.2.2 (Debian 12), or set MUJOCO_LIBRARY to the .so path.";

    private static readonly Lazy<string?> failure = new(Initialise, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>True when libmujoco 2.2.2 is loadable and initialised.</summary>
    public static bool IsAvailable => failure.Value is null;

    /// <summary>Why the library is unusable, or null when it is fine.</summary>
    public static string? UnavailableReason => failure.Value;

    /// <summary>Version string reported by the loaded library.</summary>
    public static string VersionString
    {
        get
        {
            EnsureLoaded();
            return Marshal.PtrToStringUTF8((IntPtr)MjNative.mj_versionString()) ?? "?";
        }
    }

    /// <summary>Number of MuJoCo warnings seen by the process-wide hook.</summary>
    public static long WarningCount => MjHandlers.WarningCount;

    /// <summary>Loads and checks the native library once.</summary>
    /// <exception cref="MuJoCoException">The library is missing or not version 2.2.2.</exception>
    public static void EnsureLoaded()
    {
        if (failure.Value is { } reason)
            throw new MuJoCoException(reason);
    }

    private static string? Initialise()
    {
        if (!MjNative.TryLoad(out var handle, out var tried))
        {
            var custom = Environment.GetEnvironmentVariable(MjNative.OverrideVariable);
            if (string.IsNullOrEmpty(custom)) return $"libmujoco not found (tried: {tried}). {InstallHint}";
            return Directory.Exists(custom) ? $"{MjNative.OverrideVariable} '{custom}' is a folder; give the path of libmujoco.so.2.2.2"
                : File.Exists(custom) ? $"{MjNative.OverrideVariable} '{custom}' is not a loadable shared library for this machine"
                : $"{MjNative.OverrideVariable} '{custom}' does not exist. {InstallHint}";
        }
        // A library that loads but is not MuJoCo (any .so) would otherwise fail later with EntryPointNotFoundException.
        foreach (var symbol in new[] { "mj_version", "mj_versionString", "mj_loadXML", "mj_step" })
            if (!NativeLibrary.TryGetExport(handle, symbol, out _))
                return $"'{tried}' loads but is not libmujoco (it has no {symbol}). {InstallHint}";
        var version = MjNative.mj_version();
        if (version != MjLayout222.Version)
        {
            var text = Marshal.PtrToStringUTF8((IntPtr)MjNative.mj_versionString());
            return $"libmujoco at '{tried}' is version {text} ({version}); the bridge's struct offsets are for 2.2.2 (222) only.";
        }
        MjHandlers.Install(handle);
        return null;
    }
}
