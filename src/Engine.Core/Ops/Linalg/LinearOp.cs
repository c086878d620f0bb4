using Engine.Backends;

namespace Engine.Ops;

/// <summary>
/// The affine map of a Linear layer, y = x·Wᵀ + c: x [.., k], W [n, k], c broadcastable to y [.., n] (a bias [n],
/// or a term shared by groups of rows). Defined by its composite (a matmul, then an add); the forward is one
/// fused GEMM that writes c first and adds the product to it (<see cref="IFusedLinearBackend"/>), same bits.
/// Reverse rule, in differentiable ops: dx = gy·W, dW = gyᵀ·x over all rows, dc = gy summed to c's shape.
/// </summary>
internal sealed class LinearOp : CompositeRuleOp
{
    public static readonly LinearOp Instance = new();

    public override string Name => "linear";

    public override Tensor Forward(Tensor[] xs)
    {
        Tensor x = xs[0], w = xs[1], c = xs[2];
        if (x.Backend is not IFusedLinearBackend fused || w.Backend != x.Backend || c.Backend != x.Backend) return CompositeValue(xs);
        int k = x.Dims[^1], n = w.Dims[0];
        var rows = x.IsContiguous ? x : CopyOp.Materialize(x);
        int m = (int)(rows.Numel / Math.Max(k, 1));
        int[] shape = [.. x.Dims[..^1], n];
        var y = Tensor.Uninitialized(shape, x.DType, x.Backend);
        fused.AddMatMul(new View(rows.Storage, [m, k], [k, 1], rows.Offset),
            new View(w.Storage, [k, n], [w.Strides[1], w.Strides[0]], w.Offset),
            Broadcasting.ExpandView(c, shape), y.View);
        return y;
    }

    public override Tensor?[] Backward(Tensor gy, Tensor[] xs, Tensor y, bool[] needs)
    {
        Tensor x = xs[0], w = xs[1], c = xs[2];
        int k = x.Dims[^1], n = w.Dims[0];
        return
        [
            needs[0] ? gy.MatMul(w) : null,
            needs[1] ? gy.Reshape(-1, n).T.MatMul(x.Reshape(-1, k)) : null,
            needs[2] ? gy.SumTo(c.Dims) : null,
        ];
    }

    public override Tensor Composite(Tensor[] xs) => xs[0].MatMul(xs[1].T) + xs[2];
}
