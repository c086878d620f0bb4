using Engine.Autodiff;
using Engine.Backends;

namespace Engine.Ops;

/// <summary>Geometry of a 1-D convolution window sweep.</summary>
internal readonly record struct ConvGeometry(int Kernel, int Stride, int Padding, int Dilation) : IConvLayout
{
    public int OutLength(int length) => (length + 2 * Padding - Dilation * (Kernel - 1) - 1) / Stride + 1;

    public string Family => "conv1d";

    public int Taps => Kernel;

    public int[] OutSpatial(int[] inSpatial) => [OutLength(inSpatial[0])];

    /// <summary>im2col(x) as the GEMM's right operand: x [B, C, L] → [C·K, B·Lout].</summary>
    public Tensor Columns(Tensor x) =>
        new Im2ColOp(this).Apply(x).Permute(1, 0, 2).Reshape(x.Dims[1] * Kernel, x.Dims[0] * OutLength(x.Dims[2]));

    /// <summary>col2im of cols [C·K, B·Lout] → [B, C, length].</summary>
    public Tensor Image(Tensor cols, int batch, int channels, int[] inSpatial) =>
        new Col2ImOp(this, inSpatial[0]).Apply(cols.Reshape(channels * Kernel, batch, OutLength(inSpatial[0])).Permute(1, 0, 2));

    public bool HasFused(IBackend backend) => backend is IFusedConvBackend;

    public void FusedForward(Tensor x, Tensor w, Tensor? bias, Tensor y) =>
        ((IFusedConvBackend)x.Backend).Conv1dForward(x.View, w.View, bias?.View, y.View, Kernel, Stride, Padding, Dilation);

    public void FusedInputGrad(Tensor gy, Tensor w, Tensor dx) =>
        ((IFusedConvBackend)gy.Backend).Conv1dInputGrad(gy.View, w.View, dx.View, Kernel, Stride, Padding, Dilation);

    public void FusedWeightGrad(Tensor gy, Tensor x, Tensor dw) =>
        ((IFusedConvBackend)gy.Backend).Conv1dWeightGrad(gy.View, x.View, dw.View, Kernel, Stride, Padding, Dilation);
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
/// Convolution for groups = 1 as one fused primitive: x [B, C, spatial…], w [cout, C·Taps] (and bias [cout]
/// if <paramref name="hasBias"/>) → [B, cout, out…], 1-D or 2-D by <paramref name="g"/>. Its
/// <see cref="Composite"/> (im2col, one GEMM, the permute and the bias add, exactly as Tensor.Conv1d's
/// and Tensor.Conv2d's composite paths) defines its value and derivatives; the backend's fused kernel
/// (<see cref="IFusedConvBackend"/>, <see cref="IFusedConv2dBackend"/>) computes it without
/// materialising im2col(x). The convolutions use it whenever the inputs carry no forward-mode tangents.
/// </summary>
internal sealed class ConvGemmOp(IConvLayout g, bool hasBias) : CompositeRuleOp
{
    public override string Name => g.Family + "_gemm";

    public override Tensor Forward(Tensor[] x)
    {
        Tensor a = x[0], w = x[1];
        if (!g.HasFused(a.Backend)) return CompositeValue(x);
        var y = Tensor.Uninitialized([a.Dims[0], w.Dims[0], .. g.OutSpatial(a.Dims[2..])], a.DType, a.Backend);
        g.FusedForward(a, w, hasBias ? x[2] : null, y);
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
        if (needs[0]) result[0] = new ConvInputGradOp(g, a.Dims[2..]).Apply(gy, w);
        if (hasBias && needs[2]) result[2] = gy.SumTo(ConvLayout.ChannelShape(w.Dims[0], a.Rank - 2)).Reshape(w.Dims[0]);
        return result;
    }

    /// <summary>Conv1d (groups 1) through the composite, for tests.</summary>
    internal static Tensor CompositeForTests(Tensor x, Tensor weight, Tensor bias, int stride, int padding, int dilation) =>
        new ConvGemmOp(new ConvGeometry(weight.Dims[2], stride, padding, dilation), true).Composite([x, weight.Reshape(weight.Dims[0], -1), bias]);

    public override Tensor Composite(Tensor[] x)
    {
        Tensor a = x[0], w = x[1];
        var outSpatial = g.OutSpatial(a.Dims[2..]);
        var y = ConvLayout.FromColumns(w.MatMul(g.Columns(a)), a.Dims[0], outSpatial);
        return hasBias ? y + x[2].Reshape(ConvLayout.ChannelShape(w.Dims[0], outSpatial.Length)) : y.Contiguous();
    }
}
