namespace Engine.Backends;

/// <summary>
/// One buffer of <see cref="Length"/> elements of <see cref="DType"/> owned by a backend. It knows
/// nothing of shapes; tensors are views (shape, strides, offset) onto it. Disposing frees the buffer;
/// using a disposed storage throws.
/// </summary>
public abstract class Storage : IDisposable
{
    protected Storage(IBackend backend, DType dtype, long length)
    {
        Backend = backend;
        DType = dtype;
        Length = length;
        TensorScope.Register(this);
    }

    /// <summary>The dispose scope that will dispose this storage (null: only Dispose or the GC).</summary>
    internal TensorScope? Owner { get; set; }

    public IBackend Backend { get; }
    public DType DType { get; }
    public long Length { get; }
    public bool IsDisposed { get; private set; }

    public void Dispose()
    {
        if (IsDisposed) return;
        IsDisposed = true;
        Release();
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees the underlying buffer (return it to a pool, free device memory).</summary>
    protected abstract void Release();

    internal void ThrowIfDisposed(string op)
    {
        if (IsDisposed)
            throw new ObjectDisposedException(nameof(Tensor), $"{op}: the tensor's storage has been disposed");
    }
}

/// <summary>A strided window onto a storage: element (i0, …, ik) lives at Offset + Σ iⱼ·Strides[j].</summary>
public readonly record struct View(Storage Storage, int[] Shape, int[] Strides, int Offset)
{
    public int Rank => Shape.Length;
    public long Numel => ShapeUtil.Numel(Shape);
    public bool IsContiguous => ShapeUtil.IsContiguous(Shape, Strides);

    /// <summary>A contiguous view of a whole storage.</summary>
    public static View Contiguous(Storage storage, int[] shape) => new(storage, shape, ShapeUtil.ContiguousStrides(shape), 0);
}
