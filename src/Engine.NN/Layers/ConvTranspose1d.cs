namespace Engine.NN;

/// <summary>
/// Transposed 1-D convolution as torch.nn.ConvTranspose1d. x: [batch, inChannels, length] →
/// [batch, outChannels, (length−1)·stride − 2·padding + dilation·(kernel−1) + outputPadding + 1];
/// weight: [inChannels, outChannels/groups, kernel]. PyTorch computes fan_in from weight dim 1, i.e.
/// outChannels/groups·kernel, and so do we.
/// </summary>
public sealed class ConvTranspose1d : Layer
{
    /// <summary>A transposed convolution with PyTorch's default initialisation (weight [in, out/groups, k], bias [out]).</summary>
    public ConvTranspose1d(int inChannels, int outChannels, int kernelSize, Generator g, int stride = 1, int padding = 0, int outputPadding = 0, int dilation = 1, int groups = 1, bool bias = true)
    {
        if (inChannels <= 0 || outChannels <= 0 || kernelSize <= 0 || groups <= 0 || inChannels % groups != 0 || outChannels % groups != 0)
            throw new ArgumentException($"ConvTranspose1d: invalid in={inChannels}, out={outChannels}, kernel={kernelSize}, groups={groups}");
        InChannels = inChannels; OutChannels = outChannels; KernelSize = kernelSize;
        Stride = stride; Padding = padding; OutputPadding = outputPadding; Dilation = dilation; Groups = groups;
        int fanIn = outChannels / groups * kernelSize;
        Weight = RegisterParameter("weight", Init.KaimingUniform(g, [inChannels, outChannels / groups, kernelSize], fanIn))!;
        Bias = RegisterParameter("bias", bias ? Init.BiasUniform(g, outChannels, fanIn) : null);
    }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }
    /// <summary>Output channels.</summary>
    public int OutChannels { get; }
    /// <summary>Kernel width k.</summary>
    public int KernelSize { get; }
    /// <summary>Upsampling stride.</summary>
    public int Stride { get; }
    /// <summary>Positions removed at both ends of the output.</summary>
    public int Padding { get; }
    /// <summary>Positions added at the end of the output.</summary>
    public int OutputPadding { get; }
    /// <summary>Spacing between kernel taps.</summary>
    public int Dilation { get; }
    /// <summary>Channel groups.</summary>
    public int Groups { get; }
    /// <summary>weight: [in, out/groups, k].</summary>
    public Parameter Weight { get; }
    /// <summary>bias: [out], or null.</summary>
    public Parameter? Bias { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x)
    {
        if (x.Rank != 3 || x.Shape[1] != InChannels)
            throw new ArgumentException($"ConvTranspose1d({InChannels}→{OutChannels}, k={KernelSize}): input x must be [batch, {InChannels}, length], got {ShapeFormat.Of(x)}");
        return Tensor.ConvTranspose1d(x, Weight.Value, Bias?.Value, Stride, Padding, OutputPadding, Dilation, Groups);
    }
}
