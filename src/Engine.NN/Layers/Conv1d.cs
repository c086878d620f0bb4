namespace Engine.NN;

/// <summary>
/// 1-D convolution as torch.nn.Conv1d. x: [batch, inChannels, length] → [batch, outChannels, outLength];
/// weight: [outChannels, inChannels/groups, kernel], bias: [outChannels]; fan_in = inChannels/groups·kernel.
/// </summary>
public sealed class Conv1d : Layer
{
    public Conv1d(int inChannels, int outChannels, int kernelSize, Generator g, int stride = 1, int padding = 0, int dilation = 1, int groups = 1, bool bias = true)
    {
        if (inChannels <= 0 || outChannels <= 0 || kernelSize <= 0 || groups <= 0 || inChannels % groups != 0 || outChannels % groups != 0)
            throw new ArgumentException($"Conv1d: invalid in={inChannels}, out={outChannels}, kernel={kernelSize}, groups={groups}");
        InChannels = inChannels; OutChannels = outChannels; KernelSize = kernelSize;
        Stride = stride; Padding = padding; Dilation = dilation; Groups = groups;
        int fanIn = inChannels / groups * kernelSize;
        Weight = RegisterParameter("weight", Init.KaimingUniform(g, [outChannels, inChannels / groups, kernelSize], fanIn))!;
        Bias = RegisterParameter("bias", bias ? Init.BiasUniform(g, outChannels, fanIn) : null);
    }

    public int InChannels { get; }
    public int OutChannels { get; }
    public int KernelSize { get; }
    public int Stride { get; }
    public int Padding { get; }
    public int Dilation { get; }
    public int Groups { get; }
    public Parameter Weight { get; }
    public Parameter? Bias { get; }

    public override Tensor Forward(Tensor x)
    {
        if (x.Rank != 3 || x.Shape[1] != InChannels)
            throw new ArgumentException($"Conv1d({InChannels}→{OutChannels}, k={KernelSize}): input x must be [batch, {InChannels}, length], got {ShapeFormat.Of(x)}");
        return Tensor.Conv1d(x, Weight.Value, Bias?.Value, Stride, Padding, Dilation, Groups);
    }
}
