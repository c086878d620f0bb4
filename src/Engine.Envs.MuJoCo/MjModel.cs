using System.Text;
using Engine.Envs.MuJoCo.Native;
using L = Engine.Envs.MuJoCo.Native.MjLayout222;

namespace Engine.Envs.MuJoCo;

/// <summary>
/// A compiled MuJoCo model. Read-only after loading, so one instance is shared by every thread;
/// each simulation instance gets its own <see cref="MjData"/>.
/// </summary>
public sealed unsafe class MjModel : IDisposable
{
    // mj_loadXML keeps a global "last model"; loads are serialised here as the bridge design advises.
    private static readonly Lock LoadLock = new();
    internal readonly MjModelHandle Handle;

    private MjModel(MjModelHandle handle, string name)
    {
        Handle = handle;
        Name = name;
    }

    /// <summary>The name given when loading (for messages).</summary>
    public string Name { get; }

    /// <summary>Compiles MJCF text (written to a private temp file, since 2.2.2 loads from files or a VFS).</summary>
    public static MjModel FromXml(string xml, string name)
    {
        ArgumentNullException.ThrowIfNull(xml);
        MuJoCoRuntime.EnsureLoaded();
        var dir = Path.Combine(Path.GetTempPath(), "engine-mujoco");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, $"{name}-{Guid.NewGuid():N}.xml");
        File.WriteAllText(path, xml);
        try
        {
            return FromFile(path, name);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Compiles an MJCF file; a rejected model throws with MuJoCo's own message.</summary>
    public static MjModel FromFile(string path, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        MuJoCoRuntime.EnsureLoaded();
        if (!File.Exists(path))
            throw new FileNotFoundException($"MJCF file not found: {path}", path);
        var file = Encoding.UTF8.GetBytes(Path.GetFullPath(path) + "\0");
        var error = new byte[1000];
        IntPtr model;
        lock (LoadLock)
        {
            fixed (byte* f = file)
            fixed (byte* e = error)
                model = MjNative.mj_loadXML(f, IntPtr.Zero, e, error.Length);
        }
        if (model == IntPtr.Zero)
        {
            var message = Encoding.UTF8.GetString(error).TrimEnd('\0');
            throw new MuJoCoException("model rejected by MuJoCo", Engine.IO.InputException.Location(path), message);
        }
        return new MjModel(new MjModelHandle(model), name ?? Path.GetFileNameWithoutExtension(path));
    }

    internal IntPtr Pointer
    {
        get
        {
            ObjectDisposedException.ThrowIf(Handle.IsClosed, this);
            return Handle.DangerousGetHandle();
        }
    }

    private int Int(int offset) => *(int*)(Pointer + offset);
    private double* DoubleArray(int offset) => *(double**)(Pointer + offset);
    private int* IntArray(int offset) => *(int**)(Pointer + offset);

    /// <summary>Number of generalised coordinates (qpos size).</summary>
    public int Nq => Int(L.Model_nq);
    /// <summary>Number of degrees of freedom (qvel size).</summary>
    public int Nv => Int(L.Model_nv);
    /// <summary>Number of actuators (ctrl size).</summary>
    public int Nu => Int(L.Model_nu);
    /// <summary>Number of activation states (act size).</summary>
    public int Na => Int(L.Model_na);
    /// <summary>Number of bodies, the world body included.</summary>
    public int NBody => Int(L.Model_nbody);
    /// <summary>Number of geoms.</summary>
    public int NGeom => Int(L.Model_ngeom);
    /// <summary>The integration step, in seconds.</summary>
    public double Timestep => *(double*)(Pointer + L.Model_opt_timestep);

    /// <summary>The reference configuration, <c>[Nq]</c>.</summary>
    public ReadOnlySpan<double> Qpos0 => new(DoubleArray(L.Model_qpos0), Nq);
    /// <summary>Body masses in kg, <c>[NBody]</c>.</summary>
    public ReadOnlySpan<double> BodyMass => new(DoubleArray(L.Model_body_mass), NBody);
    /// <summary>Parent body id of each body, <c>[NBody]</c>.</summary>
    public ReadOnlySpan<int> BodyParent => new(IntArray(L.Model_body_parentid), NBody);
    /// <summary>Geom type codes (mjtGeom: 2 sphere, 3 capsule, 6 box, …), <c>[NGeom]</c>.</summary>
    public ReadOnlySpan<int> GeomType => new(IntArray(L.Model_geom_type), NGeom);
    /// <summary>Body id of each geom, <c>[NGeom]</c>.</summary>
    public ReadOnlySpan<int> GeomBody => new(IntArray(L.Model_geom_bodyid), NGeom);
    /// <summary>Geom sizes, <c>[NGeom × 3]</c>.</summary>
    public ReadOnlySpan<double> GeomSize => new(DoubleArray(L.Model_geom_size), NGeom * 3);
    /// <summary>Geom friction (sliding, torsional, rolling), <c>[NGeom × 3]</c>.</summary>
    public ReadOnlySpan<double> GeomFriction => new(DoubleArray(L.Model_geom_friction), NGeom * 3);
    /// <summary>Actuator control ranges, <c>[Nu × 2]</c>.</summary>
    public ReadOnlySpan<double> ActuatorCtrlRange => new(DoubleArray(L.Model_actuator_ctrlrange), Nu * 2);
    /// <summary>Actuator gears, <c>[Nu × 6]</c>.</summary>
    public ReadOnlySpan<double> ActuatorGear => new(DoubleArray(L.Model_actuator_gear), Nu * 6);

    /// <summary>Id of a named body, or −1.</summary>
    public int BodyId(string name) => NameToId(MjNative.ObjBody, name);

    /// <summary>Id of a named geom, or −1.</summary>
    public int GeomId(string name) => NameToId(MjNative.ObjGeom, name);

    private int NameToId(int type, string name)
    {
        var bytes = Encoding.UTF8.GetBytes(name + "\0");
        fixed (byte* b = bytes)
            return MjNative.mj_name2id(Pointer, type, b);
    }

    /// <summary>Frees the native model once no <see cref="MjData"/> of it is left.</summary>
    public void Dispose() => Handle.Dispose();
}
