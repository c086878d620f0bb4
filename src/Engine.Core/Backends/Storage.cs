namespace Engine.Backends;

/// <summary>
/// One buffer of <see cref="Length"/> elements of <see cref="DType"/> owned by a backend. It knows
/// nothing of shapes; tensors are views (shape, strides, offset) onto it. Disposing frees the buffer;
/// using a disposed storage throws.
/// </summary>
public abstract class Storage : IDisposable
{
    /// <summary>Registers the new storage with the innermost dispose scope of this thread.</summary>
    /// <param name="backend">The backend owning the buffer.</param>
    /// <param name="dtype">The element type.</param>
    /// <param name="length">The number of elements.</param>
    protected Storage(IBackend backend, DType dtype, long length)
    {
        Backend = backend;
        DType = dtype;
        Length = length;
        TensorScope.Register(this);
    }

    /// <summary>The dispose scope that will dispose this storage (null: only Dispose or the GC).</summary>
    internal TensorScope? Owner { get; set; }

    /// <summary>The backend that owns the buffer.</summary>
    public IBackend Backend { get; }
    /// <summary>The element type.</summary>
    public DType DType { get; }
    /// <summary>The number of elements.</summary>
    public long Length { get; }
    /// <summary>Whether <see cref="Dispose"/> has run (any later use throws).</summary>
    public bool IsDisposed { get; private set; }

    /// <summary>Frees the buffer now (idempotent); views onto it become unusable.</summary>
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
    /// <summary>The number of dimensions.</summary>
    public int Rank => Shape.Length;
    /// <summary>The number of elements (product of the shape; 1 for a 0-d view).</summary>
    public long Numel => ShapeUtil.Numel(Shape);
    /// <summary>Whether the strides are the row-major strides of the shape.</summary>
    public bool IsContiguous => ShapeUtil.IsContiguous(Shape, Strides);

    /// <summary>A contiguous view of a whole storage.</summary>
    public static View Contiguous(Storage storage, int[] shape) => new(storage, shape, ShapeUtil.ContiguousStrides(shape), 0);
}
