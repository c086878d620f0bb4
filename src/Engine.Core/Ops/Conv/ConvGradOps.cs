namespace Engine.Ops;

/// <summary>
/// The input gradient of a groups-1 convolution (1-D or 2-D by <paramref name="g"/>): gy [B, cout, out…],
/// w [cout, cin·Taps] → dx [B, cin, inSpatial…] = col2im(wᵀ · g2), g2 = gy as [cout, B·∏out]. Its own
/// derivatives close over the three convolution primitives (⟨u, dx⟩ = ⟨conv(u, w), gy⟩ = ⟨weightGrad(gy, u), w⟩),
/// so any order stays fused.
/// </summary>
internal sealed class ConvInputGradOp(IConvLayout g, int[] inSpatial) : CompositeRuleOp
{
    /// <summary>The 1-D case: dx [B, cin, length].</summary>
    public ConvInputGradOp(ConvGeometry g, int length) : this(g, [length]) { }

    public override string Name => g.Family + "_input_grad";

    public override Tensor Forward(Tensor[] x)
    {
        Tensor gy = x[0], w = x[1];
        if (!g.HasFused(gy.Backend) || w.Backend != gy.Backend) return CompositeValue(x);
        var dx = Tensor.Uninitialized([gy.Dims[0], w.Dims[1] / g.Taps, .. inSpatial], gy.DType, gy.Backend);
        g.FusedInputGrad(gy, w, dx);
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
        var cols = w.Transpose(-2, -1).MatMul(ConvLayout.AsColumns(gy));
        return g.Image(cols, gy.Dims[0], w.Dims[1] / g.Taps, inSpatial);
    }
}

/// <summary>
/// The weight gradient of a groups-1 convolution: gy [B, cout, out…], x [B, cin, in…] → dw [cout, cin·Taps]
/// = g2 · im2col(x)ᵀ. Derivatives: ⟨U, dw⟩ = ⟨conv(x, U), gy⟩ = ⟨inputGrad(gy, U), x⟩.
/// </summary>
internal sealed class ConvWeightGradOp(IConvLayout g) : CompositeRuleOp
{
    public override string Name => g.Family + "_weight_grad";

    public override Tensor Forward(Tensor[] x)
    {
        Tensor gy = x[0], a = x[1];
        if (!g.HasFused(gy.Backend) || a.Backend != gy.Backend) return CompositeValue(x);
        var dw = Tensor.Uninitialized([gy.Dims[1], a.Dims[1] * g.Taps], gy.DType, gy.Backend);
        g.FusedWeightGrad(gy, a, dw);
        return dw;
    }

    public override Tensor?[] Backward(Tensor u, Tensor[] x, Tensor y, bool[] needs)
    {
        Tensor gy = x[0], a = x[1];
        var result = new Tensor?[2];
        if (needs[0]) result[0] = new ConvGemmOp(g, false).Apply(a, u);
        if (needs[1]) result[1] = new ConvInputGradOp(g, a.Dims[2..]).Apply(gy, u);
        return result;
    }

    public override Tensor Composite(Tensor[] x)
    {
        Tensor gy = x[0], a = x[1];
        return ConvLayout.AsColumns(gy).MatMul(g.Columns(a).Transpose(-2, -1));
    }
}
