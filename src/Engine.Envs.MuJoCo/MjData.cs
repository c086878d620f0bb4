using System.Text;
using Engine.Envs.MuJoCo.Native;
using L = Engine.Envs.MuJoCo.Native.MjLayout222;

namespace Engine.Envs.MuJoCo;

/// <summary>
/// Simulation state for one instance of a model. Not thread-safe: one per environment or worker.
/// Arrays are spans straight over MuJoCo's buffer (no copies); they are invalid after disposal.
/// </summary>
public sealed unsafe class MjData : IDisposable
{
    private readonly MjDataHandle _handle;

    /// <summary>Allocates mjData for <paramref name="model"/> (mj_makeData).</summary>
    /// <exception cref="MuJoCoException">Allocation failed, or the loaded library's mjData layout is not 2.2.2's.</exception>
    public MjData(MjModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        var pointer = MjNative.mj_makeData(model.Pointer);
        if (pointer == IntPtr.Zero)
            throw new MuJoCoException("mj_makeData failed", $"model '{model.Name}'", "MuJoCo could not allocate the simulation data (out of memory?)");
        _handle = new MjDataHandle(pointer, model.Handle);
        CheckPointersInsideBuffer();
    }

    /// <summary>The model this state belongs to.</summary>
    public MjModel Model { get; }

    private IntPtr Pointer
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle.DangerousGetHandle();
        }
    }

    private IntPtr ModelPointer => Model.Pointer;
    private double* Array(int offset) => *(double**)(Pointer + offset);

    /// <summary>Simulation time in seconds.</summary>
    public double Time
    {
        get => *(double*)(Pointer + L.Data_time);
        set => *(double*)(Pointer + L.Data_time) = value;
    }

    /// <summary>Generalised positions, <c>[Nq]</c> (writable; call <see cref="Forward"/> after changing them).</summary>
    public Span<double> Qpos => new(Array(L.Data_qpos), Model.Nq);
    /// <summary>Generalised velocities, <c>[Nv]</c> (writable).</summary>
    public Span<double> Qvel => new(Array(L.Data_qvel), Model.Nv);
    /// <summary>Actuator activations, <c>[Na]</c>.</summary>
    public Span<double> Act => new(Array(L.Data_act), Model.Na);
    /// <summary>Controls, <c>[Nu]</c>, read by the next <see cref="Step"/>.</summary>
    public Span<double> Ctrl => new(Array(L.Data_ctrl), Model.Nu);
    /// <summary>The constraint solver's warm start, <c>[Nv]</c> (part of the state for bit-exact snapshots).</summary>
    public Span<double> QaccWarmstart => new(Array(L.Data_qacc_warmstart), Model.Nv);
    /// <summary>Generalised accelerations, <c>[Nv]</c>.</summary>
    public Span<double> Qacc => new(Array(L.Data_qacc), Model.Nv);
    /// <summary>Body positions in world frame, <c>[NBody × 3]</c>.</summary>
    public ReadOnlySpan<double> Xpos => new(Array(L.Data_xpos), Model.NBody * 3);
    /// <summary>Geom centres in world frame, <c>[NGeom × 3]</c>.</summary>
    public ReadOnlySpan<double> GeomXpos => new(Array(L.Data_geom_xpos), Model.NGeom * 3);
    /// <summary>Geom orientations (row-major 3×3), <c>[NGeom × 9]</c>.</summary>
    public ReadOnlySpan<double> GeomXmat => new(Array(L.Data_geom_xmat), Model.NGeom * 9);
    /// <summary>Number of active contacts after the last step or forward.</summary>
    public int ContactCount => *(int*)(Pointer + L.Data_ncon);

    /// <summary>How often MuJoCo raised warning <paramref name="index"/> (mjtWarning) since the last reset.</summary>
    public int WarningCount(int index) => *(int*)(Pointer + L.Data_warning + index * L.WarningStride + 4);

    /// <summary>True when MuJoCo saw NaN/Inf/huge values in qpos, qvel or qacc (it then auto-resets).</summary>
    public bool Diverged =>
        WarningCount(MjNative.WarnBadQpos) + WarningCount(MjNative.WarnBadQvel) + WarningCount(MjNative.WarnBadQacc) > 0;

    /// <summary>mj_resetData: back to qpos0, zero velocity, time 0.</summary>
    public void Reset() => MjNative.mj_resetData(ModelPointer, Pointer);
    /// <summary>mj_forward: recomputes derived quantities (positions, contacts, accelerations) without advancing time.</summary>
    public void Forward() => MjNative.mj_forward(ModelPointer, Pointer);
    /// <summary>mj_step: advances the simulation by one model time step.</summary>
    public void Step() => MjNative.mj_step(ModelPointer, Pointer);

    /// <summary>Writes MuJoCo's own text dump of this data (used by the layout self-check).</summary>
    public void PrintFormatted(string path, string floatFormat = "%.17g")
    {
        var file = Encoding.UTF8.GetBytes(path + "\0");
        var format = Encoding.UTF8.GetBytes(floatFormat + "\0");
        fixed (byte* f = file)
        fixed (byte* g = format)
            MjNative.mj_printFormattedData(ModelPointer, Pointer, f, g);
    }

    // Cheap guard against layout drift: every array must lie inside d->buffer.
    private void CheckPointersInsideBuffer()
    {
        var start = (byte*)*(IntPtr*)(Pointer + L.Data_buffer);
        var size = *(int*)(Pointer + L.Data_nbuffer);
        foreach (var offset in new[] { L.Data_qpos, L.Data_qvel, L.Data_ctrl, L.Data_xpos, L.Data_qacc_warmstart })
        {
            var p = *(byte**)(Pointer + offset);
            if (p < start || p >= start + size)
                throw new MuJoCoException("wrong libmujoco", $"mjData offset {offset}", "the 2.2.2 offset table does not match the loaded library; install libmujoco 2.2.2");
        }
    }

    /// <summary>Frees the native mjData (mj_deleteData).</summary>
    public void Dispose() => _handle.Dispose();
}
