using ILGPU;
using ILGPU.Runtime;

namespace Engine.Backends.Ilgpu;

/// <summary>A device buffer of float, double, int or long owned by the ILGPU backend; disposing returns it to the pool.</summary>
internal sealed class IlgpuStorage : Storage
{
    private readonly BufferPool _pool;
    private MemoryBuffer? _buffer;

    public IlgpuStorage(IlgpuBackend backend, BufferPool pool, DType dtype, long length) : base(backend, dtype, length)
    {
        _pool = pool;
        _buffer = dtype switch
        {
            DType.Float32 => pool.Rent<float>(length),
            DType.Float64 => pool.Rent<double>(length),
            DType.Int32 => pool.Rent<int>(length),
            DType.Int64 => pool.Rent<long>(length),
            _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
        };
    }

    public MemoryBuffer Buffer => _buffer ?? throw new ObjectDisposedException(nameof(Tensor), "the tensor's storage has been disposed");

    public ArrayView<T> View<T>() where T : unmanaged => ((MemoryBuffer1D<T, Stride1D.Dense>)Buffer).View;

    protected override void Release()
    {
        switch (_buffer)
        {
            case MemoryBuffer1D<float, Stride1D.Dense> f: _pool.Return(f, Length); break;
            case MemoryBuffer1D<double, Stride1D.Dense> d: _pool.Return(d, Length); break;
            case MemoryBuffer1D<int, Stride1D.Dense> i: _pool.Return(i, Length); break;
            case MemoryBuffer1D<long, Stride1D.Dense> l: _pool.Return(l, Length); break;
        }
        _buffer = null;
    }
}
