using Engine.Backends.Cpu;

namespace Engine.Backends.Ilgpu.Tests;

/// <summary>int64 tensors on the device: storage, strided copies and gathers keep every bit; casts agree with the CPU.</summary>
[Collection(BackendCollection.Name)]
public sealed class Int64Tests(BackendFixture fx)
{
    private static readonly long[] Values = [(1L << 53) + 1, long.MinValue, long.MaxValue, -7, 0, 1L << 40];

    [Fact]
    public void StorageViewsAndGathersAreExact()
    {
        var t = Tensor.FromArray(Values, 2, 3);
        Assert.Same(fx.Backend, t.Backend);
        Assert.Equal(Values, t.ToArrayLong());
        var cpu = Tensor.FromHost(Values, [2, 3], CpuBackend.Instance);
        Assert.Equal(cpu.Transpose(0, 1).Contiguous().ToArrayLong(), t.Transpose(0, 1).Contiguous().ToArrayLong());
        Assert.Equal(cpu.IndexSelect(1, Tensor.FromHost(new[] { 2, 0 }, [2], CpuBackend.Instance)).ToArrayLong(),
            t.IndexSelect(1, Tensor.FromArray(new[] { 2L, 0 })).ToArrayLong());
        Assert.Equal([9L, 9], Tensor.Full([2], 9, DType.Int64).ToArrayLong());
        Assert.Equal(Values, t.To(CpuBackend.Instance).ToArrayLong());
    }

    [Fact]
    public void CastsMatchTheCpu()
    {
        var t = Tensor.FromArray(Values, 2, 3).Transpose(0, 1); // strided source
        var cpu = Tensor.FromHost(Values, [2, 3], CpuBackend.Instance).Transpose(0, 1);
        Assert.Equal(cpu.Cast(DType.Float64).ToArrayDouble(), t.Cast(DType.Float64).ToArrayDouble());
        Assert.Equal(cpu.Cast(DType.Float32).ToArrayFloat(), t.Cast(DType.Float32).ToArrayFloat());
        double[] floats = [-2.7, 3.5, 9007199254740993.0];
        Assert.Equal(Tensor.FromHost(floats, null, CpuBackend.Instance).Cast(DType.Int64).ToArrayLong(),
            Tensor.FromArray(floats).Cast(DType.Int64).ToArrayLong());
        Assert.Equal([1, -2], Tensor.FromArray(new[] { 1L, -2 }).Cast(DType.Int32).ToArrayInt());
        Assert.Equal([1L, -2], Tensor.FromArray(new[] { 1, -2 }).Cast(DType.Int64).ToArrayLong());
        Assert.Throws<OverflowException>(() => Tensor.FromArray(new[] { long.MaxValue }).Cast(DType.Int32));
    }
}
