namespace Engine.Ops;

/// <summary>
/// Geometry of a 2-D window sweep: one 1-D sweep per spatial axis (H: rows, W: columns). A 2-D window
/// is the product of the two, so 2-D im2col is two 1-D im2cols (first along H, then along W) and its
/// adjoint two col2ims: both are compositions of <see cref="Im2ColOp"/>, <see cref="Col2ImOp"/> and
/// views, hence differentiable to any order on every backend with no new backend family.
/// </summary>
internal readonly record struct ConvGeometry2d(ConvGeometry H, ConvGeometry W)
{
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
    public Tensor Image(Tensor cols, int batch, int channels, int height, int width)
    {
        int outH = OutHeight(height), outW = OutWidth(width), bc = batch * channels;
        var c = cols.Reshape(channels, H.Kernel, W.Kernel, batch, outH, outW).Permute(3, 0, 1, 4, 2, 5)
            .Reshape(bc, H.Kernel * outH * W.Kernel, outW);
        var rows = new Col2ImOp(W, width).Apply(c).Transpose(1, 2).Reshape(bc, width * H.Kernel, outH);
        return new Col2ImOp(H, height).Apply(rows).Transpose(1, 2).Reshape(batch, channels, height, width);
    }

    /// <summary>A [B, C, H, W] tensor in the GEMM's layout [C, B·H·W] (a copy): the output cotangent's form in both gradients.</summary>
    public static Tensor AsColumns(Tensor y) => y.Permute(1, 0, 2, 3).Reshape(y.Dims[1], y.Dims[0] * y.Dims[2] * y.Dims[3]);
}
