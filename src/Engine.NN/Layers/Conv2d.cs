namespace Engine.NN;

/// <summary>
/// 2-D convolution as torch.nn.Conv2d (square kernel, the same stride, padding and dilation on both axes).
/// x: [batch, inChannels, height, width] → [batch, outChannels, outHeight, outWidth]; weight: [outChannels,
/// inChannels/groups, k, k], bias: [outChannels]; fan_in = inChannels/groups·k².
/// </summary>
public sealed class Conv2d : Layer
{
    /// <summary>A convolution with PyTorch's default initialisation (weight [out, in/groups, k, k], bias [out]).</summary>
    public Conv2d(int inChannels, int outChannels, int kernelSize, Generator g, int stride = 1, int padding = 0, int dilation = 1, int groups = 1, bool bias = true)
    {
        if (inChannels <= 0 || outChannels <= 0 || kernelSize <= 0 || groups <= 0 || inChannels % groups != 0 || outChannels % groups != 0)
            throw new ArgumentException($"Conv2d: invalid in={inChannels}, out={outChannels}, kernel={kernelSize}, groups={groups}");
        InChannels = inChannels; OutChannels = outChannels; KernelSize = kernelSize;
        Stride = stride; Padding = padding; Dilation = dilation; Groups = groups;
        int fanIn = inChannels / groups * kernelSize * kernelSize;
        Weight = RegisterParameter("weight", Init.KaimingUniform(g, [outChannels, inChannels / groups, kernelSize, kernelSize], fanIn))!;
        Bias = RegisterParameter("bias", bias ? Init.BiasUniform(g, outChannels, fanIn) : null);
    }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }
    /// <summary>Output channels.</summary>
    public int OutChannels { get; }
    /// <summary>Kernel height and width k.</summary>
    public int KernelSize { get; }
    /// <summary>Step between windows.</summary>
    public int Stride { get; }
    /// <summary>Zeros added on every side.</summary>
    public int Padding { get; }
    /// <summary>Spacing between kernel taps.</summary>
    public int Dilation { get; }
    /// <summary>Channel groups (in and out both divisible).</summary>
    public int Groups { get; }
    /// <summary>weight: [out, in/groups, k, k].</summary>
    public Parameter Weight { get; }
    /// <summary>bias: [out], or null.</summary>
    public Parameter? Bias { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x)
    {
        if (x.Rank != 4 || x.Shape[1] != InChannels)
            throw new ArgumentException($"Conv2d({InChannels}→{OutChannels}, k={KernelSize}): input x must be [batch, {InChannels}, height, width], got {ShapeFormat.Of(x)}");
        return Tensor.Conv2d(x, Weight.Value, Bias?.Value, Stride, Padding, Dilation, Groups);
    }
}
