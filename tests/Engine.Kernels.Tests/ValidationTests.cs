using Engine.Kernels.Conv;
using Engine.Kernels.Indexing;
using Engine.Kernels.MatMul;
using Engine.Kernels.Norm;
using Engine.Kernels.Reduce;
using Engine.Kernels.Scalar;

namespace Engine.Kernels.Tests;

/// <summary>
/// Bad arguments are refused on the host with an ArgumentException naming the kernel, before any launch
/// (on the CPU accelerator an out-of-range access would kill this test process instead).
/// </summary>
[Collection(IlgpuCollection.Name)]
public sealed class ValidationTests(IlgpuFixture gpu)
{
    private static void Refused(string kernel, Action launch)
    {
        var e = Assert.Throws<ArgumentException>(launch);
        Assert.Contains(kernel, e.Message);
    }

    [Fact]
    public void ElementwiseRefusesLayoutsOutsideTheBuffer()
    {
        using var x = gpu.Zeros<float>(10);
        using var y = gpu.Zeros<float>(10);
        Refused("MapF", () => gpu.Kernels.Elementwise.Map(default(NegF), x.View, StridedLayout.Flat(11), y.View, StridedLayout.Flat(11)));
        Refused("MapF", () => gpu.Kernels.Elementwise.Map(default(NegF), x.View, StridedLayout.Flat(5, offset: 6), y.View, StridedLayout.Flat(5)));
        Refused("MapF", () => gpu.Kernels.Elementwise.Map(default(NegF), x.View, StridedLayout.Create([3], [-1], 1), y.View, StridedLayout.Flat(3)));
    }

    [Fact]
    public void ElementwiseRefusesShapeMismatchesAndOverlappingOutputs()
    {
        using var x = gpu.Zeros<float>(12);
        using var y = gpu.Zeros<float>(12);
        Refused("ZipF", () => gpu.Kernels.Elementwise.Zip(default(AddF), x.View, StridedLayout.Contiguous([3, 4]),
            x.View, StridedLayout.Contiguous([4, 3]), y.View, StridedLayout.Contiguous([3, 4])));
        Refused("MapF", () => gpu.Kernels.Elementwise.Map(default(NegF), x.View, StridedLayout.Contiguous([3, 4]),
            y.View, StridedLayout.Create([3, 4], [0, 1])));
        Refused("MapF", () => gpu.Kernels.Elementwise.Map(default(NegF), x.View, StridedLayout.Contiguous([3, 4]),
            y.View, StridedLayout.Create([3, 4], [2, 1])));
    }

    [Fact]
    public void LayoutsRefuseRanksAboveSix() =>
        Assert.Throws<ArgumentException>(() => StridedLayout.Contiguous([1, 1, 1, 1, 1, 1, 1]));

    [Fact]
    public void OtherFamiliesRefuseShortBuffers()
    {
        using var small = gpu.Zeros<float>(4);
        using var big = gpu.Zeros<float>(4096);
        using var idx = gpu.Upload(new[] { 0, 1 });
        Refused("ReduceF", () => gpu.Kernels.Reduce.Reduce(ReduceKind.Sum, small.View, StridedLayout.Create([2], [4]),
            StridedLayout.Create([4], [1]), big.View, StridedLayout.Flat(2)));
        Refused("MatMulTiled<Single>", () => gpu.Kernels.MatMul.MatMul(1, 4, 4, 4, small.View, MatrixLayout.RowMajor(4, 4),
            big.View, MatrixLayout.RowMajor(4, 4), big.View, MatrixLayout.RowMajor(4, 4)));
        Refused("MatMulTiled<Single>", () => gpu.Kernels.MatMul.MatMul(2, 4, 4, 4, big.View, MatrixLayout.RowMajor(4, 4),
            big.View, MatrixLayout.RowMajor(4, 4), big.View, MatrixLayout.RowMajor(4, 4).Broadcast()));
        Refused("Conv1d", () => gpu.Kernels.Conv.Conv1d<float>(new Conv1dShape(1, 2, 8, 2, 8, 3, pad: 1), small.View, big.View, null, big.View));
        Refused("Conv1d", () => gpu.Kernels.Conv.Conv1d<float>(new Conv1dShape(1, 1, 4, 1, 4, 3, stride: 0), big.View, big.View, null, big.View));
        Refused("GroupNorm", () => gpu.Kernels.Norm.GroupNorm(new GroupNormShape(1, 6, 4, 4), 1e-5f, big.View, big.View, big.View,
            big.View, big.View, big.View));
        Refused("Gather<Single>", () => gpu.Kernels.Indexing.Gather<float>(new AxisShape(1, 3, 3, 2), big.View, idx.View, small.View));
        Refused("ScatterAdd<Single>", () => gpu.Kernels.Indexing.ScatterAdd(new AxisShape(1, 3, 2, 3), big.View, idx.View, big.View));
        Refused("NormalF", () => gpu.Kernels.Random.Normal(1, 0, 0, small.View, 5));
        Refused("BelowF", () => gpu.Kernels.Random.Below(1, 0, 0, 0, small.View, 2));
    }

    [Fact]
    public void ADisposedBufferIsRefused()
    {
        var x = gpu.Zeros<float>(8);
        var view = x.View;
        x.Dispose();
        using var y = gpu.Zeros<float>(8);
        Refused("MapF", () => gpu.Kernels.Elementwise.Map(default(NegF), view, StridedLayout.Flat(8), y.View, StridedLayout.Flat(8)));
    }

    [Fact]
    public void GroupSizeMustBeAPowerOfTwo() =>
        Assert.Throws<ArgumentException>(() => new Runtime.KernelCache(gpu.Accelerator, 48));
}
