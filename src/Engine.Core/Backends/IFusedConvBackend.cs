namespace Engine.Backends;

/// <summary>
/// Optional fused 1-D convolution forward (groups = 1): the product W·im2col(x) without materialising
/// the whole im2col matrix, which is k times the input and, written to memory and read back by the
/// GEMM's packing, cost as much as the GEMM itself for the narrow layers of a U-Net. In training the
/// reverse rule recomputes im2col(x) for the weight gradient.
/// </summary>
public interface IFusedConvBackend
{
    /// <summary>
    /// y[b, o, t] = Σ_{c,j} w[o, c·K + j] · x[b, c, t·stride + j·dilation − padding] (0 outside), then
    /// + bias[o] if given: x [batch, cin, length] (any strides), w [cout, cin·K] (any strides), bias
    /// [cout], y contiguous [batch, cout, Lout]. The sum is rounded exactly as the GEMM of w with the
    /// im2col matrix rounds it, and the bias is added to that result.
    /// </summary>
    void Conv1dForward(View x, View w, View? bias, View y, int kernel, int stride, int padding, int dilation);

    /// <summary>
    /// The input gradient of that convolution: dx[b, c, l] = Σ w[o, c·K + j] · gy[b, o, t] over the taps
    /// with t·stride + j·dilation − padding = l. gy [batch, cout, Lout] and w [cout, cin·K] (any strides),
    /// dx contiguous [batch, cin, length]. Rounded exactly as col2im(wᵀ · g2), g2 = gy as [cout, batch·Lout],
    /// without materialising wᵀ · g2.
    /// </summary>
    void Conv1dInputGrad(View gy, View w, View dx, int kernel, int stride, int padding, int dilation);

    /// <summary>
    /// The weight gradient: dw[o, c·K + j] = Σ_{b,t} gy[b, o, t] · x[b, c, t·stride + j·dilation − padding].
    /// gy [batch, cout, Lout] and x [batch, cin, length] (any strides), dw contiguous [cout, cin·K]. Rounded
    /// exactly as the GEMM g2 · im2col(x)ᵀ over k = batch·Lout, without materialising im2col(x).
    /// </summary>
    void Conv1dWeightGrad(View gy, View x, View dw, int kernel, int stride, int padding, int dilation);
}
