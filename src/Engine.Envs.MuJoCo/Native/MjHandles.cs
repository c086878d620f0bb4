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
    private readonly MjModelHandle model;
    private bool addedRef;

    public MjDataHandle(IntPtr pointer, MjModelHandle model) : base(IntPtr.Zero, ownsHandle: true)
    {
        this.model = model;
        model.DangerousAddRef(ref addedRef);
        SetHandle(pointer);
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        MjNative.mj_deleteData(handle);
        if (addedRef)
            model.DangerousRelease();
        return true;
    }
}
