using Engine.Ops;

namespace Engine;

public sealed partial class Tensor
{
    /// <summary>
    /// Matrix product with NumPy semantics: a: [.., m, k], b: [.., k, n] → [.., m, n], batch axes
    /// broadcast; a 1-D operand is treated as a row (left) or column (right) vector and that axis is dropped.
    /// </summary>
    public Tensor MatMul(Tensor other)
    {
        Checks.Float("matmul", this);
        Checks.SameDType("matmul", this, other);
        if (Rank == 0 || other.Rank == 0)
            throw new ArgumentException($"matmul: {ShapeUtil.Format(Dims)} @ {ShapeUtil.Format(other.Dims)}: operands must have at least one dimension");
        var a = Rank == 1 ? Reshape(1, Dims[0]) : this;
        var b = other.Rank == 1 ? other.Reshape(other.Dims[0], 1) : other;
        if (a.Dims[^1] != b.Dims[^2])
            throw new ArgumentException($"matmul: {ShapeUtil.Format(Dims)} @ {ShapeUtil.Format(other.Dims)}: inner dimensions {a.Dims[^1]} and {b.Dims[^2]} differ");
        ShapeUtil.Broadcast("matmul", a.Dims[..^2], b.Dims[..^2]);
        // [.., m, k] @ [k, n] is one GEMM over all rows, not a batch of small ones against a broadcast b
        // (whose gradient would be a batch of [k, n] products summed): same values, far fewer calls.
        if (Rank > 2 && other.Rank == 2)
            return a.Reshape(-1, a.Dims[^1]).MatMul(b).Reshape([.. a.Dims[..^1], b.Dims[1]]);
        var y = MatMulOp.Instance.Apply(a, b);
        if (Rank == 1) y = y.Squeeze(-2);
        if (other.Rank == 1) y = y.Squeeze(-1);
        return y;
    }

    /// <summary>
    /// The affine map of a Linear layer: x [.., in], weight [out, in], bias broadcastable to [.., out] (usually [out];
    /// null for none) → x·weightᵀ + bias [.., out]. The same values as that composite, computed as one GEMM that adds
    /// the product onto the bias where the backend has the fused kernel.
    /// </summary>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias = null)
    {
        if (weight.Rank != 2 || x.Rank < 1 || x.Dims[^1] != weight.Dims[1])
            throw new ArgumentException($"linear: x {ShapeUtil.Format(x.Dims)} and weight {ShapeUtil.Format(weight.Dims)} do not fit: need x [.., in] and weight [out, in]");
        if (bias is null) return x.MatMul(weight.T);
        Checks.Float("linear", x);
        Checks.SameDType("linear", x, weight);
        Checks.SameDType("linear", x, bias);
        int[] shape = [.. x.Dims[..^1], weight.Dims[0]];
        if (x.Rank < 2 || !ShapeUtil.SameShape(ShapeUtil.Broadcast("linear", shape, bias.Dims), shape))
            return x.MatMul(weight.T) + bias;
        return LinearOp.Instance.Apply(x, weight, bias);
    }

    /// <summary>Σ aᵢbᵢ over all elements (shapes broadcast).</summary>
    public static Tensor Dot(Tensor a, Tensor b) => (a * b).Sum();
}
