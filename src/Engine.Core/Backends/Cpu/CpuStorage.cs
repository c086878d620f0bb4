namespace Engine.Backends.Cpu;

/// <summary>A managed array (float[], double[], int[] or long[]) owned by the CPU backend; disposing returns it to <see cref="CpuArrayPool"/>.</summary>
internal sealed class CpuStorage : Storage
{
    private Array? _data;

    public CpuStorage(IBackend backend, Array data, DType dtype) : base(backend, dtype, data.Length) => _data = data;

    public Array Data => _data ?? throw new ObjectDisposedException(nameof(Tensor), "the tensor's storage has been disposed");

    public T[] As<T>() => (T[])Data;

    protected override void Release()
    {
        // Drop our reference before the array can be handed to anyone else.
        var data = _data;
        _data = null;
        if (data != null) CpuArrayPool.Return(data);
    }
}
