namespace Engine.NN;

/// <summary>
/// 1-D convolution as torch.nn.Conv1d. x: [batch, inChannels, length] → [batch, outChannels, outLength];
/// weight: [outChannels, inChannels/groups, kernel], bias: [outChannels]; fan_in = inChannels/groups·kernel.
/// </summary>
public sealed class Conv1d : ConvLayer
{
    /// <summary>A convolution with PyTorch's default initialisation (weight [out, in/groups, k], bias [out]).</summary>
    public Conv1d(int inChannels, int outChannels, int kernelSize, Generator g, int stride = 1, int padding = 0, int dilation = 1, int groups = 1, bool bias = true)
        : base("Conv1d", inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias, g,
            () => [outChannels, inChannels / groups, kernelSize])
    {
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x)
    {
        if (x.Rank != 3 || x.Shape[1] != InChannels)
            throw new ArgumentException($"Conv1d({InChannels}→{OutChannels}, k={KernelSize}): input x must be [batch, {InChannels}, length], got {ShapeFormat.Of(x)}");
        return Tensor.Conv1d(x, Weight.Value, Bias?.Value, Stride, Padding, Dilation, Groups);
    }
}
