namespace Engine.Backends;

/// <summary>
/// A 2-D window sweep: kernel, stride, padding and dilation along the height (H) and the width (W).
/// A 1-D convolution is the case KernelH = StrideH = DilationH = 1, PaddingH = 0 over a height of 1.
/// </summary>
public readonly record struct ConvWindow2d(int KernelH, int KernelW, int StrideH, int StrideW, int PaddingH, int PaddingW, int DilationH, int DilationW)
{
    /// <summary>Kernel taps per channel: KernelH·KernelW.</summary>
    public int Taps => KernelH * KernelW;

    /// <summary>Output rows for an input of <paramref name="height"/> rows.</summary>
    public int OutHeight(int height) => (height + 2 * PaddingH - DilationH * (KernelH - 1) - 1) / StrideH + 1;

    /// <summary>Output columns for an input of <paramref name="width"/> columns.</summary>
    public int OutWidth(int width) => (width + 2 * PaddingW - DilationW * (KernelW - 1) - 1) / StrideW + 1;

    /// <summary>True when the H axis is a pass-through (kernel 1, stride 1, no padding, dilation 1).</summary>
    public bool IsRow => KernelH == 1 && StrideH == 1 && PaddingH == 0 && DilationH == 1;
}

/// <summary>
/// Optional fused 2-D convolution (groups = 1): the same three products as <see cref="IFusedConvBackend"/>
/// over [batch, channels, height, width] images, with the 2-D im2col matrix (rows c·Kh·Kw + i·Kw + j,
/// columns (b·Hout + oh)·Wout + ow) never materialised. Each is rounded exactly as the composite
/// (two 1-D im2cols or col2ims and one GEMM) rounds it.
/// </summary>
public interface IFusedConv2dBackend
{
    /// <summary>y = w · im2col(x) (+ bias[o]): x [B, cin, H, W] (any strides), w [cout, cin·Kh·Kw], bias [cout], y contiguous [B, cout, Hout, Wout].</summary>
    void Conv2dForward(View x, View w, View? bias, View y, ConvWindow2d window);

    /// <summary>dx = col2im(wᵀ · g2), g2 = gy as [cout, B·Hout·Wout]: gy contiguous [B, cout, Hout, Wout], w [cout, cin·Kh·Kw], dx contiguous [B, cin, H, W].</summary>
    void Conv2dInputGrad(View gy, View w, View dx, ConvWindow2d window);

    /// <summary>dw = g2 · im2col(x)ᵀ: gy contiguous [B, cout, Hout, Wout], x [B, cin, H, W] (any strides), dw contiguous [cout, cin·Kh·Kw].</summary>
    void Conv2dWeightGrad(View gy, View x, View dw, ConvWindow2d window);
}
