using Engine.Backends;

namespace Engine.Ops;

/// <summary>
/// The spatial side of a groups-1 convolution, as the fused GEMM primitives (<see cref="ConvGemmOp"/>,
/// <see cref="ConvInputGradOp"/>, <see cref="ConvWeightGradOp"/>) need it: 1-D (<see cref="ConvGeometry"/>)
/// or 2-D (<see cref="ConvGeometry2d"/>). With it, the three primitives and their rules are written once
/// for both. x is [B, C, spatial…]; the im2col matrix is [C·Taps, B·∏outSpatial].
/// </summary>
internal interface IConvLayout
{
    /// <summary>"conv1d" or "conv2d": the primitives' names start with it.</summary>
    string Family { get; }

    /// <summary>Kernel taps per channel.</summary>
    int Taps { get; }

    int[] OutSpatial(int[] inSpatial);

    /// <summary>im2col(x) as the GEMM's right operand, [C·Taps, B·∏out]: differentiable ops (the composite).</summary>
    Tensor Columns(Tensor x);

    /// <summary>col2im, the adjoint of <see cref="Columns"/>: cols [C·Taps, B·∏out] → [B, C, inSpatial…].</summary>
    Tensor Image(Tensor cols, int batch, int channels, int[] inSpatial);

    /// <summary>Whether <paramref name="backend"/> has this dimensionality's fused kernels.</summary>
    bool HasFused(IBackend backend);

    /// <summary>The fused y = w·im2col(x) (+ bias) into y [B, cout, out…] (see IFusedConvBackend, IFusedConv2dBackend).</summary>
    void FusedForward(Tensor x, Tensor w, Tensor? bias, Tensor y);

    /// <summary>The fused dx = col2im(wᵀ·gy as columns) into dx [B, cin, in…].</summary>
    void FusedInputGrad(Tensor gy, Tensor w, Tensor dx);

    /// <summary>The fused dw = gy as columns · im2col(x)ᵀ into dw [cout, cin·Taps].</summary>
    void FusedWeightGrad(Tensor gy, Tensor x, Tensor dw);
}

/// <summary>Layout helpers shared by the 1-D and 2-D convolutions.</summary>
internal static class ConvLayout
{
    /// <summary>A [B, C, spatial…] tensor in the GEMM's layout [C, B·∏spatial] (a copy): the output cotangent's form in both gradients.</summary>
    public static Tensor AsColumns(Tensor y)
    {
        var perm = Enumerable.Range(0, y.Rank).ToArray();
        (perm[0], perm[1]) = (1, 0);
        return y.Permute(perm).Reshape(y.Dims[1], -1);
    }

    /// <summary>[cout, B·∏out] (a GEMM's product) as the view [B, cout, out…].</summary>
    public static Tensor FromColumns(Tensor product, int batch, int[] outSpatial)
    {
        var perm = Enumerable.Range(0, outSpatial.Length + 2).ToArray();
        (perm[0], perm[1]) = (1, 0);
        return product.Reshape([product.Dims[0], batch, .. outSpatial]).Permute(perm);
    }

    /// <summary>The shape [channels, 1, …] that broadcasts a per-channel vector over [B, channels, spatial…].</summary>
    public static int[] ChannelShape(int channels, int spatialRank) => [channels, .. Enumerable.Repeat(1, spatialRank)];
}
