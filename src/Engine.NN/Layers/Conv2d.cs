namespace Engine.NN;

/// <summary>
/// 2-D convolution as torch.nn.Conv2d (square kernel, the same stride, padding and dilation on both axes).
/// x: [batch, inChannels, height, width] → [batch, outChannels, outHeight, outWidth]; weight: [outChannels,
/// inChannels/groups, k, k], bias: [outChannels]; fan_in = inChannels/groups·k².
/// </summary>
public sealed class Conv2d : ConvLayer
{
    /// <summary>A convolution with PyTorch's default initialisation (weight [out, in/groups, k, k], bias [out]).</summary>
    public Conv2d(int inChannels, int outChannels, int kernelSize, Generator g, int stride = 1, int padding = 0, int dilation = 1, int groups = 1, bool bias = true)
        : base("Conv2d", inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias, g,
            () => [outChannels, inChannels / groups, kernelSize, kernelSize])
    {
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x)
    {
        if (x.Rank != 4 || x.Shape[1] != InChannels)
            throw new ArgumentException($"Conv2d({InChannels}→{OutChannels}, k={KernelSize}): input x must be [batch, {InChannels}, height, width], got {ShapeFormat.Of(x)}");
        return Tensor.Conv2d(x, Weight.Value, Bias?.Value, Stride, Padding, Dilation, Groups);
    }
}
