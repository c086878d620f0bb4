namespace Engine.Kernels.Conv;

/// <summary>
/// Sizes of a 1-D convolution on dense tensors: input [Batch, InChannels, InLength], output
/// [Batch, OutChannels, OutLength], kernel width K. For conv1d input position = out·Stride − Pad + k·Dilation;
/// for conv_transpose1d the same relation read backwards (output position = in·Stride − Pad + k·Dilation).
/// </summary>
/// <param name="batch">Batch size B.</param>
/// <param name="inChannels">Input channels Cin.</param>
/// <param name="inLength">Input length Lin.</param>
/// <param name="outChannels">Output channels Cout.</param>
/// <param name="outLength">Output length Lout (see <see cref="ConvOutLength"/> and <see cref="TransposeOutLength"/>).</param>
/// <param name="k">Kernel width K.</param>
/// <param name="stride">Stride s (≥ 1).</param>
/// <param name="pad">Zero padding p on each side.</param>
/// <param name="dilation">Dilation d (≥ 1).</param>
public readonly struct Conv1dShape(int batch, int inChannels, int inLength, int outChannels, int outLength, int k,
    int stride = 1, int pad = 0, int dilation = 1)
{
    /// <summary>Batch size B; input channels Cin; input length Lin.</summary>
    public readonly int Batch = batch, InChannels = inChannels, InLength = inLength;
    /// <summary>Output channels Cout; output length Lout; kernel width K.</summary>
    public readonly int OutChannels = outChannels, OutLength = outLength, K = k;
    /// <summary>Stride s, zero padding p per side, dilation d.</summary>
    public readonly int Stride = stride, Pad = pad, Dilation = dilation;

    /// <summary>conv1d's output length: ⌊(L + 2·pad − dilation·(K − 1) − 1) / stride⌋ + 1.</summary>
    public static int ConvOutLength(int inLength, int k, int stride, int pad, int dilation) =>
        (inLength + 2 * pad - dilation * (k - 1) - 1) / stride + 1;

    /// <summary>conv_transpose1d's output length without output padding: (L − 1)·stride − 2·pad + dilation·(K − 1) + 1.</summary>
    public static int TransposeOutLength(int inLength, int k, int stride, int pad, int dilation) =>
        (inLength - 1) * stride - 2 * pad + dilation * (k - 1) + 1;

    /// <summary>All sizes on one line, for error messages.</summary>
    public override string ToString() =>
        $"B={Batch} Cin={InChannels} Lin={InLength} Cout={OutChannels} Lout={OutLength} K={K} stride={Stride} pad={Pad} dil={Dilation}";
}
