using Engine.Backends;

namespace Engine.Ops;

/// <summary>
/// Geometry of a 2-D window sweep: one 1-D sweep per spatial axis (H: rows, W: columns). A 2-D window
/// is the product of the two, so 2-D im2col is two 1-D im2cols (first along H, then along W) and its
/// adjoint two col2ims: both are compositions of <see cref="Im2ColOp"/>, <see cref="Col2ImOp"/> and
/// views, hence differentiable to any order on every backend with no new backend family.
/// </summary>
internal readonly record struct ConvGeometry2d(ConvGeometry H, ConvGeometry W) : IConvLayout
{
    public string Family => "conv2d";

    public int[] OutSpatial(int[] inSpatial) => [OutHeight(inSpatial[0]), OutWidth(inSpatial[1])];

    /// <summary>The window as the backends take it.</summary>
    public ConvWindow2d Window => new(H.Kernel, W.Kernel, H.Stride, W.Stride, H.Padding, W.Padding, H.Dilation, W.Dilation);

    /// <summary>Kernel taps per channel: Kh·Kw.</summary>
    public int Taps => H.Kernel * W.Kernel;

    public int OutHeight(int height) => H.OutLength(height);

    public int OutWidth(int width) => W.OutLength(width);

    /// <summary>
    /// im2col(x) as the GEMM's right operand: x [B, C, Hin, Win] → [C·Kh·Kw, B·Hout·Wout] with
    /// row c·Kh·Kw + i·Kw + j and column (b·Hout + oh)·Wout + ow holding x[b, c, oh·sh + i·dh − ph, ow·sw + j·dw − pw]
    /// (0 outside), the layout of weight.Reshape(cout, C·Kh·Kw).
    /// </summary>
    public Tensor Columns(Tensor x)
    {
        int batch = x.Dims[0], channels = x.Dims[1], height = x.Dims[2], width = x.Dims[3];
        int outH = OutHeight(height), outW = OutWidth(width), bc = batch * channels;
        // Along H: the planes as [B·C, Win, Hin] (a transposed view, no copy) → [B·C, Win·Kh, Hout].
        var rows = new Im2ColOp(H).Apply(x.Reshape(bc, height, width).Transpose(1, 2));
        // Along W: [B·C, Kh·Hout, Win] (one copy) → [B·C, Kh·Hout·Kw, Wout].
        var cols = new Im2ColOp(W).Apply(rows.Reshape(bc, width, H.Kernel * outH).Transpose(1, 2));
        return cols.Reshape(batch, channels, H.Kernel, outH, W.Kernel, outW).Permute(1, 2, 4, 0, 3, 5)
            .Reshape(channels * Taps, batch * outH * outW);
    }

    /// <summary>
    /// col2im, the adjoint of <see cref="Columns"/>: cols [C·Kh·Kw, B·Hout·Wout] → x [B, C, height, width],
    /// overlapping taps summed.
    /// </summary>
    public Tensor Image(Tensor cols, int batch, int channels, int[] inSpatial)
    {
        int height = inSpatial[0], width = inSpatial[1];
        int outH = OutHeight(height), outW = OutWidth(width), bc = batch * channels;
        var c = cols.Reshape(channels, H.Kernel, W.Kernel, batch, outH, outW).Permute(3, 0, 1, 4, 2, 5)
            .Reshape(bc, H.Kernel * outH * W.Kernel, outW);
        var rows = new Col2ImOp(W, width).Apply(c).Transpose(1, 2).Reshape(bc, width * H.Kernel, outH);
        return new Col2ImOp(H, height).Apply(rows).Transpose(1, 2).Reshape(batch, channels, height, width);
    }

    public bool HasFused(IBackend backend) => backend is IFusedConv2dBackend;

    public void FusedForward(Tensor x, Tensor w, Tensor? bias, Tensor y) =>
        ((IFusedConv2dBackend)x.Backend).Conv2dForward(x.View, w.View, bias?.View, y.View, Window);

    // The kernels read the output cotangent as [B, cout, Hout·Wout]: a strided one is made dense first.
    public void FusedInputGrad(Tensor gy, Tensor w, Tensor dx) =>
        ((IFusedConv2dBackend)gy.Backend).Conv2dInputGrad(Dense(gy).View, w.View, dx.View, Window);

    public void FusedWeightGrad(Tensor gy, Tensor x, Tensor dw) =>
        ((IFusedConv2dBackend)gy.Backend).Conv2dWeightGrad(Dense(gy).View, x.View, dw.View, Window);

    private static Tensor Dense(Tensor t) => t.IsContiguous ? t : CopyOp.Materialize(t);
}
