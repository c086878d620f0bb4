using System.Runtime.InteropServices;
using Engine.Envs.MuJoCo.Native;

namespace Engine.Envs.MuJoCo;

/// <summary>
/// Thrown when libmujoco is missing, has the wrong version, or rejects a model. It carries the three parts of the
/// command line's error line (<c>error: what (where): why</c>), like <see cref="Engine.IO.InputException"/>: a missing or
/// wrong library is the user's environment, not a bug.
/// </summary>
public sealed class MuJoCoException : Exception
{
    /// <param name="what">What went wrong, e.g. "libmujoco not found".</param>
    /// <param name="where">The library or model file concerned, e.g. "MUJOCO_LIBRARY '/opt/x.so'".</param>
    /// <param name="why">The reason and the remedy.</param>
    public MuJoCoException(string what, string where, string why) : base($"{what} ({where}): {why}")
    {
        What = what;
        Where = where;
        Why = why;
    }

    /// <summary>What went wrong.</summary>
    public string What { get; }

    /// <summary>The library or model file concerned.</summary>
    public string Where { get; }

    /// <summary>The reason and the remedy.</summary>
    public string Why { get; }
}

/// <summary>
/// One-time initialisation of the native library: load, exact version check, handler installation.
/// Every entry point of the bridge goes through <see cref="EnsureLoaded"/>.
/// </summary>
public static unsafe class MuJoCoRuntime
{
    /// <summary>How to install libmujoco 2.2.2, appended to messages about a missing library.</summary>
    public const string InstallHint = "Install it with: apt-get install libmujoco2.2.2 (Debian 12), or set MUJOCO_LIBRARY to the .so path.";

    private static readonly Lazy<MuJoCoException?> Failure = new(Initialise, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>True when libmujoco 2.2.2 is loadable and initialised.</summary>
    public static bool IsAvailable => Failure.Value is null;

    /// <summary>Why the library is unusable, or null when it is fine.</summary>
    public static string? UnavailableReason => Failure.Value?.Message;

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
        if (Failure.Value is { } reason)
            throw new MuJoCoException(reason.What, reason.Where, reason.Why);
    }

    private static MuJoCoException? Initialise()
    {
        if (!MjNative.TryLoad(out var handle, out var tried))
        {
            var custom = Environment.GetEnvironmentVariable(MjNative.OverrideVariable);
            if (string.IsNullOrEmpty(custom)) return new("libmujoco not found", $"tried: {tried}", InstallHint);
            string where = $"{MjNative.OverrideVariable} '{custom}'";
            return Directory.Exists(custom) ? new("not a library", where, "is a folder; give the path of libmujoco.so.2.2.2")
                : File.Exists(custom) ? new("not a library", where, "is not a loadable shared library for this machine")
                : new("libmujoco not found", where, $"does not exist. {InstallHint}");
        }
        // A library that loads but is not MuJoCo (any .so) would otherwise fail later with EntryPointNotFoundException.
        foreach (var symbol in new[] { "mj_version", "mj_versionString", "mj_loadXML", "mj_step" })
            if (!NativeLibrary.TryGetExport(handle, symbol, out _))
                return new("wrong library", $"'{tried}'", $"it loads but is not libmujoco (it has no {symbol}). {InstallHint}");
        var version = MjNative.mj_version();
        if (version != MjLayout222.Version)
        {
            var text = Marshal.PtrToStringUTF8((IntPtr)MjNative.mj_versionString());
            return new("wrong libmujoco version", $"'{tried}'", $"it is version {text} ({version}); the bridge's struct offsets are for 2.2.2 (222) only");
        }
        MjHandlers.Install(handle);
        return null;
    }
}
