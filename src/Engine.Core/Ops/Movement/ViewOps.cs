using Engine.Autodiff;

namespace Engine.Ops;

/// <summary>Reshape: a view when the layout allows it, otherwise a contiguous copy first.</summary>
internal sealed class ReshapeOp(int[] shape) : Op
{
    public override string Name => "reshape";

    public override Tensor Forward(Tensor[] x)
    {
        var a = x[0];
        if (a.IsContiguous) return new Tensor(a.Storage, shape, ShapeUtil.ContiguousStrides(shape), a.Offset);
        var c = CopyOp.Materialize(a);
        return new Tensor(c.Storage, shape, ShapeUtil.ContiguousStrides(shape), 0);
    }

    public override Tensor?[] Backward(Tensor gy, Tensor[] x, Tensor y, bool[] needs) => [gy.Reshape(x[0].Dims)];

    public override Tensor Jvp(Tensor?[] tx, Tensor[] x, Tensor y) => tx[0]!.Reshape(shape);
}

/// <summary>Permutation of axes: always a view.</summary>
internal sealed class PermuteOp(int[] perm) : Op
{
    public override string Name => "permute";

    public override Tensor Forward(Tensor[] x)
    {
        var a = x[0];
        var shape = new int[perm.Length];
        var strides = new int[perm.Length];
        for (int i = 0; i < perm.Length; i++)
        {
            shape[i] = a.Dims[perm[i]];
            strides[i] = a.Strides[perm[i]];
        }
        return new Tensor(a.Storage, shape, strides, a.Offset);
    }

    public override Tensor?[] Backward(Tensor gy, Tensor[] x, Tensor y, bool[] needs)
    {
        var inverse = new int[perm.Length];
        for (int i = 0; i < perm.Length; i++) inverse[perm[i]] = i;
        return [gy.Permute(inverse)];
    }

    public override Tensor Jvp(Tensor?[] tx, Tensor[] x, Tensor y) => tx[0]!.Permute(perm);
}

/// <summary>Broadcast to a larger shape: a view with stride 0 on the stretched axes.</summary>
internal sealed class ExpandOp(int[] shape) : Op
{
    public override string Name => "expand";

    public override Tensor Forward(Tensor[] x)
    {
        var v = Broadcasting.ExpandView(x[0], shape);
        return new Tensor(v.Storage, v.Shape, v.Strides, v.Offset);
    }

    public override Tensor?[] Backward(Tensor gy, Tensor[] x, Tensor y, bool[] needs) => [gy.SumTo(x[0].Dims)];

    public override Tensor Jvp(Tensor?[] tx, Tensor[] x, Tensor y) => tx[0]!.Expand(shape);
}

/// <summary>x[start : start + length·step : step] along one axis: a view. Its adjoint is <see cref="SliceAdjointOp"/>.</summary>
internal sealed class SliceOp(int axis, int start, int length, int step) : Op
{
    public override string Name => "slice";

    public override Tensor Forward(Tensor[] x)
    {
        var a = x[0];
        var shape = (int[])a.Dims.Clone();
        var strides = (int[])a.Strides.Clone();
        shape[axis] = length;
        strides[axis] = a.Strides[axis] * step;
        return new Tensor(a.Storage, shape, strides, a.Offset + start * a.Strides[axis]);
    }

    public override Tensor?[] Backward(Tensor gy, Tensor[] x, Tensor y, bool[] needs) =>
        [new SliceAdjointOp(x[0].Dims, axis, start, step).Apply(gy)];

    public override Tensor Jvp(Tensor?[] tx, Tensor[] x, Tensor y) => Apply(tx[0]!);
}

/// <summary>Places a slice back into zeros of the full shape: the adjoint (and reverse rule) of <see cref="SliceOp"/>.</summary>
internal sealed class SliceAdjointOp(int[] fullShape, int axis, int start, int step) : Op
{
    public override string Name => "slice_backward";

    public override Tensor Forward(Tensor[] x)
    {
        var g = x[0];
        var y = Tensor.Empty(fullShape, g.DType, g.Backend);
        var target = new SliceOp(axis, start, g.Dims[axis], step).Forward([y]);
        g.Backend.Copy(g.View, target.View);
        return y;
    }

    public override Tensor?[] Backward(Tensor gy, Tensor[] x, Tensor y, bool[] needs) =>
        [new SliceOp(axis, start, x[0].Dims[axis], step).Apply(gy)];

    public override Tensor Jvp(Tensor?[] tx, Tensor[] x, Tensor y) => Apply(tx[0]!);
}

/// <summary>A contiguous copy (identity derivative), or a dtype conversion.</summary>
internal sealed class CopyOp(DType dtype) : Op
{
    public override string Name => "copy";

    public override Tensor Forward(Tensor[] x)
    {
        var y = Tensor.Uninitialized(x[0].Dims, dtype, x[0].Backend);
        x[0].Backend.Copy(x[0].View, y.View);
        return y;
    }

    public override Tensor?[] Backward(Tensor gy, Tensor[] x, Tensor y, bool[] needs) =>
        [gy.DType == x[0].DType ? gy : gy.Cast(x[0].DType)];

    public override Tensor Jvp(Tensor?[] tx, Tensor[] x, Tensor y) => tx[0]!.Cast(dtype);

    public static Tensor Materialize(Tensor x) => new CopyOp(x.DType).Forward([x]);
}
