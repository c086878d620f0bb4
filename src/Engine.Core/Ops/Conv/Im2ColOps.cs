using Engine.Autodiff;
using Engine.Backends;

namespace Engine.Ops;

/// <summary>Geometry of a 1-D convolution window sweep.</summary>
internal readonly record struct ConvGeometry(int Kernel, int Stride, int Padding, int Dilation)
{
    public int OutLength(int length) => (length + 2 * Padding - Dilation * (Kernel - 1) - 1) / Stride + 1;

    /// <summary>im2col(x) as the GEMM's right operand: x [B, C, L] → [C·K, B·Lout].</summary>
    public Tensor Columns(Tensor x) =>
        new Im2ColOp(this).Apply(x).Permute(1, 0, 2).Reshape(x.Dims[1] * Kernel, x.Dims[0] * OutLength(x.Dims[2]));

    /// <summary>A [B, C, Lout] tensor in the GEMM's layout [C, B·Lout] (a copy): the output cotangent's form in both gradients.</summary>
    public static Tensor AsColumns(Tensor y) => y.Permute(1, 0, 2).Reshape(y.Dims[1], y.Dims[0] * y.Dims[2]);
}

/// <summary>
/// im2col: x [B, C, L] → cols [B, C·K, Lout], cols[b, c·K + j, t] = x[b, c, t·s + j·d − p] (0 outside).
/// A linear map; its adjoint is <see cref="Col2ImOp"/>, so convolution built on it is differentiable to
/// any order. The result is stored as [C·K, B, Lout] and returned as a permuted view, so that a
/// convolution becomes one large GEMM over B·Lout columns.
/// </summary>
internal sealed class Im2ColOp(ConvGeometry g) : Op
{
    public override string Name => "im2col";

    public override Tensor Forward(Tensor[] x)
    {
        var a = x[0];
        int batch = a.Dims[0], rows = a.Dims[1] * g.Kernel, outLength = g.OutLength(a.Dims[2]);
        var storage = Tensor.Uninitialized([rows, batch, outLength], a.DType, a.Backend);
        var cols = new Tensor(storage.Storage, [batch, rows, outLength], [outLength, batch * outLength, 1], 0);
        a.Backend.Im2Col(a.View, cols.View, g.Kernel, g.Stride, g.Padding, g.Dilation);
        return cols;
    }

    public override Tensor?[] Backward(Tensor gy, Tensor[] x, Tensor y, bool[] needs) => [new Col2ImOp(g, x[0].Dims[2]).Apply(gy)];

    public override Tensor Jvp(Tensor?[] tx, Tensor[] x, Tensor y) => Apply(tx[0]!);
}

/// <summary>col2im, the adjoint of <see cref="Im2ColOp"/>: cols [B, C·K, Lout] → x [B, C, length], overlapping taps summed.</summary>
internal sealed class Col2ImOp(ConvGeometry g, int length) : Op
{
    public override string Name => "col2im";

    public override Tensor Forward(Tensor[] x)
    {
        var cols = x[0];
        var y = Tensor.Uninitialized([cols.Dims[0], cols.Dims[1] / g.Kernel, length], cols.DType, cols.Backend);
        cols.Backend.Col2Im(cols.View, y.View, g.Kernel, g.Stride, g.Padding, g.Dilation);
        return y;
    }

    public override Tensor?[] Backward(Tensor gy, Tensor[] x, Tensor y, bool[] needs) => [new Im2ColOp(g).Apply(gy)];

    public override Tensor Jvp(Tensor?[] tx, Tensor[] x, Tensor y) => Apply(tx[0]!);
}

/// <summary>
/// Convolution for groups = 1 as one fused primitive: x [B, C, L], w [cout, C·K] (and bias [cout] if
/// <paramref name="hasBias"/>) → [B, cout, Lout]. Its <see cref="Composite"/> (im2col, one GEMM, the
/// permute and the bias add, exactly as Tensor.Conv1d's composite path) defines its value and
/// derivatives; <see cref="IFusedConvBackend"/> computes it without materialising im2col(x).
/// Tensor.Conv1d uses it whenever the inputs carry no forward-mode tangents.
/// </summary>
internal sealed class ConvGemmOp(ConvGeometry g, bool hasBias) : CompositeRuleOp
{
    public override string Name => "conv1d_gemm";

    public override Tensor Forward(Tensor[] x)
    {
        Tensor a = x[0], w = x[1];
        if (a.Backend is not IFusedConvBackend fused) return CompositeValue(x);
        var y = Tensor.Uninitialized([a.Dims[0], w.Dims[0], g.OutLength(a.Dims[2])], a.DType, a.Backend);
        fused.Conv1dForward(a.View, w.View, hasBias ? x[2].View : null, y.View, g.Kernel, g.Stride, g.Padding, g.Dilation);
        return y;
    }

    /// <summary>
    /// The composite's reverse rule as two fused primitives (the same bits as autodiff through the
    /// composite): im2col(x) is recomputed block by block for the weight gradient instead of being saved
    /// by the forward pass. Both are differentiable ops, so double backward works.
    /// </summary>
    public override Tensor?[] Backward(Tensor gy, Tensor[] x, Tensor y, bool[] needs)
    {
        Tensor a = x[0], w = x[1];
        var result = new Tensor?[x.Length];
        if (needs[1]) result[1] = new ConvWeightGradOp(g).Apply(gy, a);
        if (needs[0]) result[0] = new ConvInputGradOp(g, a.Dims[2]).Apply(gy, w);
        if (hasBias && needs[2]) result[2] = gy.SumTo([w.Dims[0], 1]).Reshape(w.Dims[0]);
        return result;
    }

    /// <summary>Conv1d (groups 1) through the composite, for tests.</summary>
    internal static Tensor CompositeForTests(Tensor x, Tensor weight, Tensor bias, int stride, int padding, int dilation) =>
        new ConvGemmOp(new ConvGeometry(weight.Dims[2], stride, padding, dilation), true).Composite([x, weight.Reshape(weight.Dims[0], -1), bias]);

    public override Tensor Composite(Tensor[] x)
    {
        Tensor a = x[0], w = x[1];
        int batch = a.Dims[0], cout = w.Dims[0], outLength = g.OutLength(a.Dims[2]);
        var y = w.MatMul(g.Columns(a)).Reshape(cout, batch, outLength).Permute(1, 0, 2);
        return hasBias ? y + x[2].Reshape(cout, 1) : y.Contiguous();
    }
}
