using Engine.Backends;

namespace Engine.Ops;

/// <summary>
/// The input gradient of a groups-1 convolution: gy [B, cout, Lout], w [cout, cin·K] → dx [B, cin, length]
/// = col2im(wᵀ · g2), g2 = gy as [cout, B·Lout]. Its own derivatives close over the three convolution
/// primitives (⟨u, dx⟩ = ⟨conv(u, w), gy⟩ = ⟨weightGrad(gy, u), w⟩), so any order stays fused.
/// </summary>
internal sealed class ConvInputGradOp(ConvGeometry g, int length) : CompositeRuleOp
{
    public override string Name => "conv1d_input_grad";

    public override Tensor Forward(Tensor[] x)
    {
        Tensor gy = x[0], w = x[1];
        if (gy.Backend is not IFusedConvBackend fused || w.Backend != gy.Backend) return CompositeValue(x);
        var dx = Tensor.Uninitialized([gy.Dims[0], w.Dims[1] / g.Kernel, length], gy.DType, gy.Backend);
        fused.Conv1dInputGrad(gy.View, w.View, dx.View, g.Kernel, g.Stride, g.Padding, g.Dilation);
        return dx;
    }

    public override Tensor?[] Backward(Tensor u, Tensor[] x, Tensor y, bool[] needs)
    {
        Tensor gy = x[0], w = x[1];
        var result = new Tensor?[2];
        if (needs[0]) result[0] = new ConvGemmOp(g, false).Apply(u, w);
        if (needs[1]) result[1] = new ConvWeightGradOp(g).Apply(gy, u);
        return result;
    }

    public override Tensor Composite(Tensor[] x)
    {
        Tensor gy = x[0], w = x[1];
        var cols = w.Transpose(-2, -1).MatMul(ConvGeometry.AsColumns(gy)).Reshape(w.Dims[1], gy.Dims[0], gy.Dims[2]).Permute(1, 0, 2);
        return new Col2ImOp(g, length).Apply(cols);
    }
}

/// <summary>
/// The weight gradient of a groups-1 convolution: gy [B, cout, Lout], x [B, cin, length] → dw [cout, cin·K]
/// = g2 · im2col(x)ᵀ. Derivatives: ⟨U, dw⟩ = ⟨conv(x, U), gy⟩ = ⟨inputGrad(gy, U), x⟩.
/// </summary>
internal sealed class ConvWeightGradOp(ConvGeometry g) : CompositeRuleOp
{
    public override string Name => "conv1d_weight_grad";

    public override Tensor Forward(Tensor[] x)
    {
        Tensor gy = x[0], a = x[1];
        if (gy.Backend is not IFusedConvBackend fused || a.Backend != gy.Backend) return CompositeValue(x);
        var dw = Tensor.Uninitialized([gy.Dims[1], a.Dims[1] * g.Kernel], gy.DType, gy.Backend);
        fused.Conv1dWeightGrad(gy.View, a.View, dw.View, g.Kernel, g.Stride, g.Padding, g.Dilation);
        return dw;
    }

    public override Tensor?[] Backward(Tensor u, Tensor[] x, Tensor y, bool[] needs)
    {
        Tensor gy = x[0], a = x[1];
        var result = new Tensor?[2];
        if (needs[0]) result[0] = new ConvGemmOp(g, false).Apply(a, u);
        if (needs[1]) result[1] = new ConvInputGradOp(g, a.Dims[2]).Apply(gy, u);
        return result;
    }

    public override Tensor Composite(Tensor[] x)
    {
        Tensor gy = x[0], a = x[1];
        return ConvGeometry.AsColumns(gy).MatMul(g.Columns(a).Transpose(-2, -1));
    }
}
