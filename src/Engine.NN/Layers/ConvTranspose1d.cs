namespace Engine.NN;

/// <summary>
/// Transposed 1-D convolution as torch.nn.ConvTranspose1d. x: [batch, inChannels, length] →
/// [batch, outChannels, (length−1)·stride − 2·padding + dilation·(kernel−1) + outputPadding + 1];
/// weight: [inChannels, outChannels/groups, kernel]. PyTorch computes fan_in from weight dim 1, i.e.
/// outChannels/groups·kernel, and so do we.
/// </summary>
public sealed class ConvTranspose1d : ConvLayer
{
    /// <summary>A transposed convolution with PyTorch's default initialisation (weight [in, out/groups, k], bias [out]).</summary>
    public ConvTranspose1d(int inChannels, int outChannels, int kernelSize, Generator g, int stride = 1, int padding = 0, int outputPadding = 0, int dilation = 1, int groups = 1, bool bias = true)
        : base("ConvTranspose1d", inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias, g,
            () => [inChannels, outChannels / groups, kernelSize])
    {
        OutputPadding = outputPadding;
    }

    /// <summary>Positions added at the end of the output.</summary>
    public int OutputPadding { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x)
    {
        if (x.Rank != 3 || x.Shape[1] != InChannels)
            throw new ArgumentException($"ConvTranspose1d({InChannels}→{OutChannels}, k={KernelSize}): input x must be [batch, {InChannels}, length], got {ShapeFormat.Of(x)}");
        return Tensor.ConvTranspose1d(x, Weight.Value, Bias?.Value, Stride, Padding, OutputPadding, Dilation, Groups);
    }
}
