using Engine.Kernels.Layout;
using Engine.Kernels.MatMul;
using Engine.Kernels.Scalar;
using KernelReduce = Engine.Kernels.Reduce.ReduceKind;

namespace Engine.Backends.Ilgpu;

public sealed partial class IlgpuBackend
{
    /// <inheritdoc/>
    public void Unary<TOp>(TOp op, View x, View dst) where TOp : struct, IUnaryFunctor
    {
        if (x.Storage.DType == DType.Float32) K.Elementwise.Map(op, F(x), Layout(x), F(dst), Layout(dst));
        else K.Elementwise.Map(op, D(x), Layout(x), D(dst), Layout(dst));
    }

    /// <inheritdoc/>
    public void Binary<TOp>(TOp op, View a, View b, View dst) where TOp : struct, IBinaryFunctor
    {
        if (a.Storage.DType == DType.Float32) K.Elementwise.Zip(op, F(a), Layout(a), F(b), Layout(b), F(dst), Layout(dst));
        else K.Elementwise.Zip(op, D(a), Layout(a), D(b), Layout(b), D(dst), Layout(dst));
    }

    /// <inheritdoc/>
    public void Where(View cond, View a, View b, View dst)
    {
        // The kernels take the condition in the values' dtype; convert a mask of another dtype first.
        IlgpuStorage? scratch = null;
        if (cond.Storage.DType != a.Storage.DType)
        {
            scratch = Scratch(a.Storage.DType, cond.Numel);
            var converted = Backends.View.Contiguous(scratch, cond.Shape);
            Copy(cond, converted);
            cond = converted;
        }
        if (a.Storage.DType == DType.Float32)
            K.Elementwise.Where(F(cond), Layout(cond), F(a), Layout(a), F(b), Layout(b), F(dst), Layout(dst));
        else
            K.Elementwise.Where(D(cond), Layout(cond), D(a), Layout(a), D(b), Layout(b), D(dst), Layout(dst));
        scratch?.Dispose();
    }

    /// <inheritdoc/>
    public void Reduce(ReduceKind kind, View x, int[] axes, View dst)
    {
        // Split x's dimensions into kept (outer, with x's offset) and reduced (inner, offset 0): no copy needed.
        var reduced = new HashSet<int>(axes);
        var keptShape = new List<int>();
        var keptStrides = new List<int>();
        var redShape = new List<int>();
        var redStrides = new List<int>();
        for (int d = 0; d < x.Rank; d++)
        {
            if (reduced.Contains(d)) { redShape.Add(x.Shape[d]); redStrides.Add(x.Strides[d]); }
            else { keptShape.Add(x.Shape[d]); keptStrides.Add(x.Strides[d]); }
        }
        var outer = StridedLayout.Create([.. keptShape], [.. keptStrides], x.Offset);
        var inner = StridedLayout.Create([.. redShape], [.. redStrides]);
        var k = kind switch { ReduceKind.Sum => KernelReduce.Sum, ReduceKind.Max => KernelReduce.Max, _ => KernelReduce.Min };
        if (x.Storage.DType == DType.Float32) K.Reduce.Reduce(k, F(x), outer, inner, F(dst), Layout(dst));
        else K.Reduce.Reduce(k, D(x), outer, inner, D(dst), Layout(dst));
    }

    /// <inheritdoc/>
    public void MatMul(View a, View b, View dst)
    {
        int batch = a.Shape[0], m = a.Shape[1], k = a.Shape[2], n = b.Shape[2];
        var al = new MatrixLayout(a.Offset, a.Strides[0], a.Strides[1], a.Strides[2]);
        var bl = new MatrixLayout(b.Offset, b.Strides[0], b.Strides[1], b.Strides[2]);
        var cl = new MatrixLayout(dst.Offset, dst.Strides[0], dst.Strides[1], dst.Strides[2]);
        if (a.Storage.DType == DType.Float32) K.MatMul.MatMul(batch, m, n, k, F(a), al, F(b), bl, F(dst), cl);
        else K.MatMul.MatMul(batch, m, n, k, D(a), al, D(b), bl, D(dst), cl);
    }
}
