using Engine.Backends.Cpu;

namespace Engine.Core.Tests.Backends;

/// <summary>The pool is process-wide: its accounting is checked with no other test running.</summary>
[CollectionDefinition(nameof(PoolAccounting), DisableParallelization = true)]
public sealed class PoolAccounting;

[Collection(nameof(PoolAccounting))]
public class CpuArrayPoolTests
{
    [Fact]
    public void PooledBytesCountEachElementTypeAtItsSize()
    {
        long limit = CpuArrayPool.MaxBytes;
        CpuArrayPool.MaxBytes = 1L << 30;
        try
        {
            Check<float>(4);
            Check<int>(4);
            Check<double>(8);
            Check<long>(8);
        }
        finally
        {
            CpuArrayPool.MaxBytes = limit;
        }
    }

    private static void Check<T>(int size) where T : unmanaged
    {
        const int length = 4096;
        CpuArrayPool.Trim();
        var array = CpuArrayPool.Rent<T>(length, zero: false);
        CpuArrayPool.Return(array);
        Assert.Equal((long)length * size, CpuArrayPool.PooledBytes);
        Assert.Same(array, CpuArrayPool.Rent<T>(length, zero: true)); // taken back out: the count returns to 0
        Assert.Equal(0, CpuArrayPool.PooledBytes);
    }
}
