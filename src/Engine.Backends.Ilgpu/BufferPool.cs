using ILGPU;
using ILGPU.Runtime;

namespace Engine.Backends.Ilgpu;

/// <summary>
/// Device buffers by (element type, length), reused instead of freed: allocation on a GPU is slow and
/// synchronising. Reuse is safe without waiting because every kernel runs on the accelerator's one
/// default stream, so a buffer's next user is ordered after its last one.
/// </summary>
internal sealed class BufferPool(Accelerator accelerator) : IDisposable
{
    private readonly Dictionary<(Type, long), Stack<MemoryBuffer>> _free = new();
    private readonly object _gate = new();
    private bool _disposed;

    public MemoryBuffer1D<T, Stride1D.Dense> Rent<T>(long length) where T : unmanaged
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_free.TryGetValue((typeof(T), length), out var stack) && stack.Count > 0)
                return (MemoryBuffer1D<T, Stride1D.Dense>)stack.Pop();
        }
        return accelerator.Allocate1D<T>(Math.Max(1, length));
    }

    public void Return<T>(MemoryBuffer1D<T, Stride1D.Dense> buffer, long length) where T : unmanaged
    {
        lock (_gate)
        {
            if (_disposed) { buffer.Dispose(); return; }
            if (!_free.TryGetValue((typeof(T), length), out var stack)) _free[(typeof(T), length)] = stack = new Stack<MemoryBuffer>();
            stack.Push(buffer);
        }
    }

    /// <summary>Frees every pooled buffer (call before disposing the accelerator).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var stack in _free.Values)
                while (stack.Count > 0) stack.Pop().Dispose();
            _free.Clear();
        }
    }
}
