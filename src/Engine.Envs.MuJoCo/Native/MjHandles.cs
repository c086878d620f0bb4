using System.Runtime.InteropServices;

namespace Engine.Envs.MuJoCo.Native;

/// <summary>Owns an mjModel*; freed with mj_deleteModel exactly once.</summary>
internal sealed class MjModelHandle : SafeHandle
{
    public MjModelHandle(IntPtr pointer) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(pointer);
    public override bool IsInvalid => handle == IntPtr.Zero;
    protected override bool ReleaseHandle()
    {
        MjNative.mj_deleteModel(handle);
        return true;
    }
}

/// <summary>
/// Owns an mjData*; freed with mj_deleteData. Holds a reference to the model handle so the model
/// cannot be released while data made from it is alive.
/// </summary>
internal sealed class MjDataHandle : SafeHandle
{
    private readonly MjModelHandle _model;
    private bool _addedRef;

    public MjDataHandle(IntPtr pointer, MjModelHandle model) : base(IntPtr.Zero, ownsHandle: true)
    {
        _model = model;
        model.DangerousAddRef(ref _addedRef);
        SetHandle(pointer);
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        MjNative.mj_deleteData(handle);
        if (_addedRef)
            _model.DangerousRelease();
        return true;
    }
}
