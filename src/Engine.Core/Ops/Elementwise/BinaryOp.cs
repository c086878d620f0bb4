using Engine.Autodiff;
using Engine.Backends;
using Engine.Kernels.Scalar;

namespace Engine.Ops;

/// <summary>
/// Multiplies a tensor g by ∂y/∂a (or ∂y/∂b), given the operands a, b and the result y. The same
/// function serves both modes: reverse multiplies the output cotangent, forward the input tangent.
/// </summary>
internal delegate Tensor PartialProduct(Tensor g, Tensor a, Tensor b, Tensor y);

/// <summary>
/// An elementwise binary op with NumPy broadcasting, given by a scalar functor and its two partial
/// derivatives in tensor ops. Reverse mode sums the cotangent back over broadcast axes.
/// </summary>
internal sealed class BinaryOp<TF>(string name, TF functor, PartialProduct da, PartialProduct db) : Op
    where TF : struct, IBinaryFunctor
{
    public override string Name => name;

    public override Tensor Forward(Tensor[] x) => Broadcasting.Binary(name, functor, x[0], x[1]);

    public override Tensor?[] Backward(Tensor gy, Tensor[] x, Tensor y, bool[] needs) =>
    [
        needs[0] ? da(gy, x[0], x[1], y).SumTo(x[0].Dims) : null,
        needs[1] ? db(gy, x[0], x[1], y).SumTo(x[1].Dims) : null,
    ];

    public override Tensor Jvp(Tensor?[] tx, Tensor[] x, Tensor y)
    {
        Tensor? ta = tx[0] is { } t0 ? da(t0, x[0], x[1], y) : null;
        Tensor? tb = tx[1] is { } t1 ? db(t1, x[0], x[1], y) : null;
        var sum = ta == null ? tb! : tb == null ? ta : ta + tb;
        // A tangent that came from a broadcast operand alone still has the output's shape.
        return ShapeUtil.SameShape(sum.Dims, y.Dims) ? sum : sum.Expand(y.Dims);
    }
}

/// <summary>A comparison: its result is a 0/1 mask whose derivative is zero.</summary>
internal sealed class CompareOp<TF>(string name, TF functor) : Op where TF : struct, IBinaryFunctor
{
    public override string Name => name;

    public override Tensor Forward(Tensor[] x) => Broadcasting.Binary(name, functor, x[0], x[1]);

    public override Tensor?[] Backward(Tensor gy, Tensor[] x, Tensor y, bool[] needs) => [x[0].ZerosLike(), x[1].ZerosLike()];

    public override Tensor Jvp(Tensor?[] tx, Tensor[] x, Tensor y) => y.ZerosLike();
}

/// <summary>where(c, a, b) = c ≠ 0 ? a : b. The mask c gets no gradient.</summary>
internal sealed class WhereOp : Op
{
    public static readonly WhereOp Instance = new();

    public override string Name => "where";

    public override Tensor Forward(Tensor[] x)
    {
        Tensor c = x[0], a = x[1], b = x[2];
        Checks.Float(Name, a);
        Checks.SameDType(Name, a, b);
        Checks.SameDType(Name, c, a);
        var shape = ShapeUtil.Broadcast(Name, ShapeUtil.Broadcast(Name, c.Dims, a.Dims), b.Dims);
        var y = Tensor.Uninitialized(shape, a.DType, a.Backend);
        a.Backend.Where(Broadcasting.ExpandView(c, shape), Broadcasting.ExpandView(a, shape), Broadcasting.ExpandView(b, shape), y.View);
        return y;
    }

    public override Tensor?[] Backward(Tensor gy, Tensor[] x, Tensor y, bool[] needs)
    {
        var zero = gy.ZerosLike();
        return
        [
            null,
            needs[1] ? Tensor.Where(x[0], gy, zero).SumTo(x[1].Dims) : null,
            needs[2] ? Tensor.Where(x[0], zero, gy).SumTo(x[2].Dims) : null,
        ];
    }

    public override Tensor Jvp(Tensor?[] tx, Tensor[] x, Tensor y) =>
        Tensor.Where(x[0], tx[1] ?? x[1].ZerosLike(), tx[2] ?? x[2].ZerosLike()).Expand(y.Dims);
}

internal static class Broadcasting
{
    /// <summary>op(a, b) with NumPy broadcasting into a fresh contiguous tensor.</summary>
    public static Tensor Binary<TF>(string name, TF functor, Tensor a, Tensor b) where TF : struct, IBinaryFunctor
    {
        Checks.Float(name, a);
        Checks.SameDType(name, a, b);
        if (ShapeUtil.SameShape(a.Dims, b.Dims))
        {
            // No broadcasting: the operands' own views, and the output shares a contiguous input's arrays.
            var same = Tensor.UninitializedLike(a.IsContiguous || !b.IsContiguous ? a : b, a.DType);
            a.Backend.Binary(functor, a.View, b.View, same.View);
            return same;
        }
        var shape = ShapeUtil.Broadcast(name, a.Dims, b.Dims);
        var y = Tensor.Uninitialized(shape, a.DType, a.Backend);
        a.Backend.Binary(functor, ExpandView(a, shape), ExpandView(b, shape), y.View);
        return y;
    }

    /// <summary>A view of x broadcast to <paramref name="shape"/>: stride 0 on new and size-1 axes.</summary>
    public static View ExpandView(Tensor x, int[] shape)
    {
        if (ShapeUtil.SameShape(x.Dims, shape)) return x.View;
        int rank = shape.Length, lead = rank - x.Rank;
        var strides = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            if (i < lead) continue;
            int d = x.Dims[i - lead];
            strides[i] = d == 1 && shape[i] != 1 ? 0 : x.Strides[i - lead];
        }
        return new View(x.Storage, shape, strides, x.Offset);
    }
}
