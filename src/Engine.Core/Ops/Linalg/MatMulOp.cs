using Engine.Autodiff;
using Engine.Backends;

namespace Engine.Ops;

/// <summary>
/// Batched matrix product with broadcasting over the batch axes: [.., m, k] @ [.., k, n] → [.., m, n].
/// Transposed operands are passed to the GEMM by their strides, never copied. Reverse:
/// dA = G·Bᵀ, dB = Aᵀ·G (summed over broadcast batch axes); forward: dA·B + A·dB.
/// </summary>
internal sealed class MatMulOp : Op
{
    public static readonly MatMulOp Instance = new();

    public override string Name => "matmul";

    public override Tensor Forward(Tensor[] x)
    {
        Tensor a = x[0], b = x[1];
        int m = a.Dims[^2], n = b.Dims[^1];
        var batch = ShapeUtil.Broadcast("matmul", a.Dims[..^2], b.Dims[..^2]);
        int batchCount = (int)ShapeUtil.Numel(batch);
        var y = Tensor.Uninitialized([.. batch, m, n], a.DType, a.Backend);
        a.Backend.MatMul(Batched(a, batch, batchCount), Batched(b, batch, batchCount), new View(y.Storage, [batchCount, m, n], [m * n, n, 1], 0));
        return y;
    }

    /// <summary>x broadcast to the batch shape and viewed as [batchCount, rows, cols]; copied only when the batch axes cannot share one stride.</summary>
    private static View Batched(Tensor x, int[] batch, int batchCount)
    {
        int rows = x.Dims[^2], cols = x.Dims[^1];
        var full = Broadcasting.ExpandView(x, [.. batch, rows, cols]);
        int r = batch.Length;
        // The batch axes collapse into one stride if every non-trivial one steps by the product of the inner ones.
        int? stride = null;
        bool collapsible = true;
        int expected = -1;
        for (int i = r - 1; i >= 0 && collapsible; i--)
        {
            if (batch[i] == 1) continue;
            int s = full.Strides[i];
            if (stride == null) { stride = s; expected = s * batch[i]; continue; }
            if (s == expected || (s == 0 && stride == 0)) expected = s * batch[i];
            else collapsible = false;
        }
        if (collapsible)
            return new View(full.Storage, [batchCount, rows, cols], [stride ?? 0, full.Strides[r], full.Strides[r + 1]], full.Offset);
        var dense = Tensor.Uninitialized([.. batch, rows, cols], x.DType, x.Backend);
        x.Backend.Copy(full, dense.View);
        return new View(dense.Storage, [batchCount, rows, cols], [rows * cols, cols, 1], 0);
    }

    public override Tensor?[] Backward(Tensor gy, Tensor[] x, Tensor y, bool[] needs) =>
    [
        needs[0] ? gy.MatMul(x[1].Transpose(-2, -1)).SumTo(x[0].Dims) : null,
        needs[1] ? x[0].Transpose(-2, -1).MatMul(gy).SumTo(x[1].Dims) : null,
    ];

    public override Tensor Jvp(Tensor?[] tx, Tensor[] x, Tensor y)
    {
        Tensor? ta = tx[0] is { } t0 ? t0.MatMul(x[1]) : null;
        Tensor? tb = tx[1] is { } t1 ? x[0].MatMul(t1) : null;
        var sum = ta == null ? tb! : tb == null ? ta : ta + tb;
        return ShapeUtil.SameShape(sum.Dims, y.Dims) ? sum : sum.Expand(y.Dims);
    }
}
