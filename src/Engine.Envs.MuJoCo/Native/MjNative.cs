using System.Reflection;
using System.Runtime.InteropServices;

namespace Engine.Envs.MuJoCo.Native;

/// <summary>
/// P/Invoke surface of Debian's libmujoco 2.2.2. Only exported functions with blittable signatures;
/// struct fields are reached through <see cref="MjLayout222"/> offsets instead of mirrored structs.
/// </summary>
internal static unsafe partial class MjNative
{
    /// <summary>The versioned file name: the unversioned libmujoco.so only exists with libmujoco-dev.</summary>
    public const string LibraryName = "libmujoco.so.2.2.2";

    /// <summary>When set, the only path tried for the library (useful for custom installs and for tests).</summary>
    public const string OverrideVariable = "MUJOCO_LIBRARY";

    public const int ObjBody = 1;
    public const int ObjGeom = 5;
    public const int GeomPlane = 0;
    public const int GeomSphere = 2;
    public const int GeomCapsule = 3;
    public const int GeomBox = 6;
    public const int WarnBadQpos = 4;
    public const int WarnBadQvel = 5;
    public const int WarnBadQacc = 6;

    static MjNative() => NativeLibrary.SetDllImportResolver(typeof(MjNative).Assembly, Resolve);

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != LibraryName)
            return IntPtr.Zero;
        return TryLoad(out var handle, out _) ? handle : IntPtr.Zero;
    }

    /// <summary>Loads the library once (the override path if set, else the versioned soname).</summary>
    public static bool TryLoad(out IntPtr handle, out string tried)
    {
        var custom = Environment.GetEnvironmentVariable(OverrideVariable);
        tried = string.IsNullOrEmpty(custom) ? LibraryName : custom;
        return NativeLibrary.TryLoad(tried, out handle);
    }

    [LibraryImport(LibraryName)] public static partial int mj_version();
    [LibraryImport(LibraryName)] public static partial byte* mj_versionString();
    [LibraryImport(LibraryName)] public static partial IntPtr mj_loadXML(byte* filename, IntPtr vfs, byte* error, int errorSize);
    [LibraryImport(LibraryName)] public static partial IntPtr mj_makeData(IntPtr model);
    [LibraryImport(LibraryName)] public static partial void mj_deleteData(IntPtr data);
    [LibraryImport(LibraryName)] public static partial void mj_deleteModel(IntPtr model);
    [LibraryImport(LibraryName)] public static partial void mj_resetData(IntPtr model, IntPtr data);
    [LibraryImport(LibraryName)] public static partial void mj_forward(IntPtr model, IntPtr data);
    [LibraryImport(LibraryName)] public static partial void mj_step(IntPtr model, IntPtr data);
    [LibraryImport(LibraryName)] public static partial int mj_name2id(IntPtr model, int type, byte* name);
    [LibraryImport(LibraryName)] public static partial void mj_printFormattedData(IntPtr model, IntPtr data, byte* filename, byte* floatFormat);
}
