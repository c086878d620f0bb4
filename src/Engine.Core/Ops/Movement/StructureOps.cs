using Engine.Autodiff;
using Engine.Kernels.Scalar;

namespace Engine.Ops;

/// <summary>Concatenation along an axis. Reverse: slices of the cotangent; forward: concatenated tangents.</summary>
internal sealed class ConcatOp(int axis) : Op
{
    public override string Name => "concat";

    public override Tensor Forward(Tensor[] x)
    {
        var shape = (int[])x[0].Dims.Clone();
        shape[axis] = x.Sum(t => t.Dims[axis]);
        var y = Tensor.Uninitialized(shape, x[0].DType, x[0].Backend);
        int at = 0;
        foreach (var t in x)
        {
            var target = new SliceOp(axis, at, t.Dims[axis], 1).Forward([y]);
            t.Backend.Copy(t.View, target.View);
            at += t.Dims[axis];
        }
        return y;
    }

    public override Tensor?[] Backward(Tensor gy, Tensor[] x, Tensor y, bool[] needs)
    {
        var result = new Tensor?[x.Length];
        int at = 0;
        for (int i = 0; i < x.Length; i++)
        {
            int n = x[i].Dims[axis];
            if (needs[i]) result[i] = gy.Slice(axis, at, at + n);
            at += n;
        }
        return result;
    }

    public override Tensor Jvp(Tensor?[] tx, Tensor[] x, Tensor y) =>
        Apply(tx.Select((t, i) => t ?? x[i].ZerosLike()).ToArray());
}

/// <summary>Constant padding: value outside, x inside. Reverse: the interior of the cotangent.</summary>
internal sealed class PadOp(int[] before, int[] after, double value) : Op
{
    public override string Name => "pad";

    public override Tensor Forward(Tensor[] x)
    {
        var a = x[0];
        var shape = a.Dims.Select((d, i) => d + before[i] + after[i]).ToArray();
        var y = Tensor.Full(shape, value, a.DType, a.Backend);
        a.Backend.Copy(a.View, Interior(y, a.Dims).View);
        return y;
    }

    private Tensor Interior(Tensor y, int[] inner)
    {
        var t = y;
        for (int i = 0; i < inner.Length; i++)
            if (before[i] != 0 || after[i] != 0) t = new SliceOp(i, before[i], inner[i], 1).Forward([t]);
        return t;
    }

    public override Tensor?[] Backward(Tensor gy, Tensor[] x, Tensor y, bool[] needs)
    {
        var g = gy;
        for (int i = 0; i < x[0].Rank; i++)
            if (before[i] != 0 || after[i] != 0) g = g.Slice(i, before[i], before[i] + x[0].Dims[i]);
        return [g];
    }

    public override Tensor Jvp(Tensor?[] tx, Tensor[] x, Tensor y) => new PadOp(before, after, 0).Apply(tx[0]!);
}

/// <summary>index_select along an axis with int32 indices. Reverse: <see cref="IndexAddOp"/> into zeros.</summary>
internal sealed class IndexSelectOp(int axis) : Op
{
    public override string Name => "index_select";

    public override Tensor Forward(Tensor[] x)
    {
        Tensor a = x[0], index = x[1];
        var shape = (int[])a.Dims.Clone();
        shape[axis] = index.Dims[0];
        var y = Tensor.Uninitialized(shape, a.DType, a.Backend);
        a.Backend.IndexSelect(a.View, axis, index.View, y.View);
        return y;
    }

    public override Tensor?[] Backward(Tensor gy, Tensor[] x, Tensor y, bool[] needs) =>
        [new IndexAddOp(axis, x[0].Dims).Apply(gy, x[1]), null];

    public override Tensor Jvp(Tensor?[] tx, Tensor[] x, Tensor y) => Apply(tx[0]!, x[1]);
}

/// <summary>Scatter-add of source slices into zeros of <paramref name="fullShape"/> at int32 indices (duplicates summed in order).</summary>
internal sealed class IndexAddOp(int axis, int[] fullShape) : Op
{
    public override string Name => "index_add";

    public override Tensor Forward(Tensor[] x)
    {
        Tensor source = x[0], index = x[1];
        var y = Tensor.Empty(fullShape, source.DType, source.Backend);
        source.Backend.IndexAdd(source.View, axis, index.View, y.View);
        return y;
    }

    public override Tensor?[] Backward(Tensor gy, Tensor[] x, Tensor y, bool[] needs) =>
        [new IndexSelectOp(axis).Apply(gy, x[1]), null];

    public override Tensor Jvp(Tensor?[] tx, Tensor[] x, Tensor y) => Apply(tx[0]!, x[1]);
}

/// <summary>
/// Sliding windows along an axis: [.., L, ..] → [.., W, h, ..] with window w covering steps
/// w·stride … w·stride + h − 1, W = (L − h)/stride + 1. A view (windows overlap in memory). Its
/// adjoint, <see cref="WindowsAdjointOp"/>, sums each window's cotangent back onto its steps.
/// </summary>
internal sealed class WindowsOp(int axis, int size, int stride) : Op
{
    public override string Name => "windows";

    public override Tensor Forward(Tensor[] x)
    {
        var a = x[0];
        int count = (a.Dims[axis] - size) / stride + 1;
        var shape = new List<int>(a.Dims);
        var strides = new List<int>(a.Strides);
        shape[axis] = count;
        strides[axis] = a.Strides[axis] * stride;
        shape.Insert(axis + 1, size);
        strides.Insert(axis + 1, a.Strides[axis]);
        return new Tensor(a.Storage, shape.ToArray(), strides.ToArray(), a.Offset);
    }

    public override Tensor?[] Backward(Tensor gy, Tensor[] x, Tensor y, bool[] needs) =>
        [new WindowsAdjointOp(axis, size, stride, x[0].Dims).Apply(gy)];

    public override Tensor Jvp(Tensor?[] tx, Tensor[] x, Tensor y) => Apply(tx[0]!);
}

internal sealed class WindowsAdjointOp(int axis, int size, int stride, int[] fullShape) : Op
{
    public override string Name => "windows_backward";

    public override Tensor Forward(Tensor[] x)
    {
        var g = x[0];
        var y = Tensor.Empty(fullShape, g.DType, g.Backend);
        int count = g.Dims[axis];
        // One window at a time, in order: overlapping steps accumulate deterministically.
        for (int w = 0; w < count; w++)
        {
            var window = new SliceOp(axis, w, 1, 1).Forward([g]);
            var src = new ReshapeOp(fullShape.Select((d, i) => i == axis ? size : d).ToArray()).Forward([CopyOp.Materialize(window)]);
            var dst = new SliceOp(axis, w * stride, size, 1).Forward([y]);
            g.Backend.Binary(new AddF(), dst.View, src.View, dst.View);
        }
        return y;
    }

    public override Tensor?[] Backward(Tensor gy, Tensor[] x, Tensor y, bool[] needs) => [new WindowsOp(axis, size, stride).Apply(gy)];

    public override Tensor Jvp(Tensor?[] tx, Tensor[] x, Tensor y) => Apply(tx[0]!);
}
