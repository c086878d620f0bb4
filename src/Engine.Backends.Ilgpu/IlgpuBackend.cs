using Engine.Backends.Cpu;
using Engine.Kernels.Devices;
using Engine.Kernels.Layout;
using Engine.Kernels.Runtime;
using ILGPU;
using ILGPU.Runtime;

namespace Engine.Backends.Ilgpu;

/// <summary>
/// <see cref="IBackend"/> on an ILGPU accelerator (CUDA first; OpenCL where the device has what ILGPU
/// needs; ILGPU's CPU simulator for tests). Tensors stay in device memory between ops; kernels queue on
/// the accelerator's default stream and the host waits only when it reads values back (ToHost).
/// The backend owns its device: dispose it after every tensor created on it.
/// </summary>
public sealed partial class IlgpuBackend : IBackend, IDisposable
{
    private readonly BufferPool _pool;

    /// <summary>A backend on an opened device (see <see cref="IlgpuDevices.Open"/>); the backend takes ownership of it.</summary>
    public IlgpuBackend(IlgpuDevice device)
    {
        Device = device;
        _pool = new BufferPool(device.Accelerator);
    }

    /// <summary>
    /// Opens the device named by <paramref name="kind"/>, else by ENGINE_DEVICE, else the best GPU.
    /// Throws InvalidOperationException when that is the managed CPU backend or no such device exists.
    /// </summary>
    public static IlgpuBackend Create(DeviceKind? kind = null, int index = 0)
    {
        var chosen = IlgpuDevices.Select(kind);
        if (chosen == DeviceKind.Cpu)
            throw new InvalidOperationException("no GPU found (or ENGINE_DEVICE=cpu): use the CPU backend");
        return new IlgpuBackend(IlgpuDevices.Open(chosen, index));
    }

    /// <summary>The ILGPU context, accelerator and compiled kernels this backend runs on.</summary>
    public IlgpuDevice Device { get; }
    private KernelCache K => Device.Kernels;
    private Accelerator Acc => Device.Accelerator;

    /// <inheritdoc/>
    public string Name => DeviceNames.Name(Device.Kind);

    /// <inheritdoc/>
    public Storage Allocate(DType dtype, long length)
    {
        var s = new IlgpuStorage(this, _pool, dtype, length);
        switch (dtype)
        {
            case DType.Float32: s.View<float>().MemSetToZero(Acc.DefaultStream); break;
            case DType.Float64: s.View<double>().MemSetToZero(Acc.DefaultStream); break;
            case DType.Int32: s.View<int>().MemSetToZero(Acc.DefaultStream); break;
            default: s.View<long>().MemSetToZero(Acc.DefaultStream); break;
        }
        return s;
    }

    /// <inheritdoc/>
    public Storage FromHost(Array data)
    {
        switch (data)
        {
            case float[] f: { var s = new IlgpuStorage(this, _pool, DType.Float32, f.Length); if (f.Length > 0) s.View<float>().SubView(0, f.Length).CopyFromCPU(Acc.DefaultStream, f); return s; }
            case double[] d: { var s = new IlgpuStorage(this, _pool, DType.Float64, d.Length); if (d.Length > 0) s.View<double>().SubView(0, d.Length).CopyFromCPU(Acc.DefaultStream, d); return s; }
            case int[] i: { var s = new IlgpuStorage(this, _pool, DType.Int32, i.Length); if (i.Length > 0) s.View<int>().SubView(0, i.Length).CopyFromCPU(Acc.DefaultStream, i); return s; }
            case long[] l: { var s = new IlgpuStorage(this, _pool, DType.Int64, l.Length); if (l.Length > 0) s.View<long>().SubView(0, l.Length).CopyFromCPU(Acc.DefaultStream, l); return s; }
            default: throw new ArgumentException($"FromHost: unsupported array type {data.GetType().Name}; use float[], double[], int[] or long[]");
        }
    }

    /// <summary>The one synchronising call: waits for queued kernels, then copies.</summary>
    public void ToHost(Storage source, Array destination)
    {
        var s = Own(source);
        int n = (int)source.Length;
        if (n == 0) return;
        switch (destination)
        {
            case float[] f: s.View<float>().SubView(0, n).CopyToCPU(Acc.DefaultStream, f.AsSpan(0, n)); break;
            case double[] d: s.View<double>().SubView(0, n).CopyToCPU(Acc.DefaultStream, d.AsSpan(0, n)); break;
            case int[] i: s.View<int>().SubView(0, n).CopyToCPU(Acc.DefaultStream, i.AsSpan(0, n)); break;
            case long[] l: s.View<long>().SubView(0, n).CopyToCPU(Acc.DefaultStream, l.AsSpan(0, n)); break;
            default: throw new ArgumentException($"ToHost: unsupported array type {destination.GetType().Name}");
        }
        Acc.DefaultStream.Synchronize();
    }

    /// <inheritdoc/>
    public void Fill(View dst, double value)
    {
        var l = Layout(dst);
        switch (dst.Storage.DType)
        {
            case DType.Float32: K.Data.Fill((float)value, F(dst), l); break;
            case DType.Float64: K.Data.Fill(value, D(dst), l); break;
            case DType.Int32: K.Data.Fill(checked((int)value), I(dst), l); break;
            default: K.Data.Fill(checked((long)value), L(dst), l); break;
        }
    }

    /// <inheritdoc/>
    public void Copy(View src, View dst)
    {
        StridedLayout sl = Layout(src), dl = Layout(dst);
        switch ((src.Storage.DType, dst.Storage.DType))
        {
            case (DType.Float32, DType.Float32): K.Data.Copy(F(src), sl, F(dst), dl); break;
            case (DType.Float64, DType.Float64): K.Data.Copy(D(src), sl, D(dst), dl); break;
            case (DType.Int32, DType.Int32): K.Data.Copy(I(src), sl, I(dst), dl); break;
            case (DType.Float32, DType.Float64): K.Data.Cast(F(src), sl, D(dst), dl); break;
            case (DType.Float64, DType.Float32): K.Data.Cast(D(src), sl, F(dst), dl); break;
            case (DType.Int32, DType.Float32): K.Data.Cast(I(src), sl, F(dst), dl); break;
            case (DType.Int32, DType.Float64): K.Data.Cast(I(src), sl, D(dst), dl); break;
            case (DType.Float32, DType.Int32): K.Data.Cast(F(src), sl, I(dst), dl); break;
            case (DType.Float64, DType.Int32): K.Data.Cast(D(src), sl, I(dst), dl); break;
            case (DType.Int64, DType.Int64): K.Data.Copy(L(src), sl, L(dst), dl); break;
            default: CastThroughHost(src, dst); break;
        }
    }

    /// <summary>
    /// Casts to or from int64 on the host. Such casts touch integer state (step counters, timesteps), not
    /// hot loops, so they get no device kernels; going through the CPU backend keeps its rounding and range
    /// checks, the reference for every backend.
    /// </summary>
    private void CastThroughHost(View src, View dst)
    {
        var cpu = CpuBackend.Instance;
        var whole = Array.CreateInstance(src.Storage.DType.ElementType(), src.Storage.Length);
        ToHost(src.Storage, whole);
        using var hostSrc = cpu.FromHost(whole);
        using var hostDst = cpu.Allocate(dst.Storage.DType, src.Numel);
        cpu.Copy(new View(hostSrc, src.Shape, src.Strides, src.Offset), Backends.View.Contiguous(hostDst, src.Shape));
        var converted = Array.CreateInstance(dst.Storage.DType.ElementType(), src.Numel);
        cpu.ToHost(hostDst, converted);
        using var dense = FromHost(converted);
        Copy(Backends.View.Contiguous(dense, src.Shape), dst);
    }

    /// <summary>Frees pooled buffers, then the device. Tensors of this backend must be disposed (or dead) first.</summary>
    public void Dispose()
    {
        Acc.Synchronize();
        _pool.Dispose();
        Device.Dispose();
    }

    private IlgpuStorage Own(Storage s)
    {
        if (s.IsDisposed) throw new ObjectDisposedException(nameof(Tensor), $"{Name}: the tensor's storage has been disposed");
        return s as IlgpuStorage is { } mine && ReferenceEquals(s.Backend, this)
            ? mine
            : throw new ArgumentException($"{Name}: tensor lives on backend '{s.Backend.Name}', not on this device; move it with To()");
    }

    private ArrayView<float> F(View v) => Own(v.Storage).View<float>();
    private ArrayView<double> D(View v) => Own(v.Storage).View<double>();
    private ArrayView<int> I(View v) => Own(v.Storage).View<int>();
    private ArrayView<long> L(View v) => Own(v.Storage).View<long>();

    private static StridedLayout Layout(View v) => StridedLayout.Create(v.Shape, v.Strides, v.Offset);

    /// <summary>A contiguous scratch storage, returned to the pool on dispose (stream order keeps reuse safe).</summary>
    private IlgpuStorage Scratch(DType dtype, long length) => new(this, _pool, dtype, length);

    /// <summary>The view itself when contiguous, else a contiguous copy in scratch (disposed by the caller).</summary>
    private View Dense(View v, out IlgpuStorage? scratch)
    {
        scratch = null;
        if (v.IsContiguous) return v;
        scratch = Scratch(v.Storage.DType, v.Numel);
        var dense = Backends.View.Contiguous(scratch, v.Shape);
        Copy(v, dense);
        return dense;
    }
}
