namespace Engine.NN;

/// <summary>
/// Transposed 1-D convolution as torch.nn.ConvTranspose1d. x: [batch, inChannels, length] →
/// [batch, outChannels, (length−1)·stride − 2·padding + dilation·(kernel−1) + outputPadding + 1];
/// weight: [inChannels, outChannels/groups, kernel]. PyTorch computes fan_in from weight dim 1, i.e.
/// outChannels/groups·kernel, and so do we.
/// </summary>
public sealed class ConvTranspose1d : Layer
{
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

    public int InChannels { get; }
    public int OutChannels { get; }
    public int KernelSize { get; }
    public int Stride { get; }
    public int Padding { get; }
    public int OutputPadding { get; }
    public int Dilation { get; }
    public int Groups { get; }
    public Parameter Weight { get; }
    public Parameter? Bias { get; }

    public override Tensor Forward(Tensor x)
    {
        if (x.Rank != 3 || x.Shape[1] != InChannels)
            throw new ArgumentException($"ConvTranspose1d({InChannels}→{OutChannels}, k={KernelSize}): input x must be [batch, {InChannels}, length], got {ShapeFormat.Of(x)}");
        return Tensor.ConvTranspose1d(x, Weight.Value, Bias?.Value, Stride, Padding, OutputPadding, Dilation, Groups);
    }
}
