namespace Engine.NN;

/// <summary>
/// What torch.nn's convolution layers share: channels, a square kernel, stride, padding, dilation and groups
/// (the same along every spatial axis), and the weight and optional bias with PyTorch's default initialisation
/// (Kaiming-uniform weight, bias uniform in ±1/√fan_in; weight drawn first, then bias, as PyTorch does).
/// The subclasses fix the weight layout, fan_in and the op.
/// </summary>
public abstract class ConvLayer : Layer
{
    /// <summary>
    /// Checks the arguments, then registers the weight of shape <paramref name="weightShape"/>() — [out, in/groups,
    /// k…] for a convolution, [in, out/groups, k…] for a transposed one; a function, so it is built only once groups
    /// is known to be positive — and the bias. fan_in is, as in PyTorch, the product of the weight's dims after the
    /// first. <paramref name="name"/> names the layer in error messages.
    /// </summary>
    private protected ConvLayer(string name, int inChannels, int outChannels, int kernelSize, int stride, int padding, int dilation, int groups,
        bool bias, Generator g, Func<int[]> weightShape)
    {
        if (inChannels <= 0 || outChannels <= 0 || kernelSize <= 0 || groups <= 0 || inChannels % groups != 0 || outChannels % groups != 0)
            throw new ArgumentException($"{name}: invalid in={inChannels}, out={outChannels}, kernel={kernelSize}, groups={groups}");
        InChannels = inChannels; OutChannels = outChannels; KernelSize = kernelSize;
        Stride = stride; Padding = padding; Dilation = dilation; Groups = groups;
        int[] shape = weightShape();
        int fanIn = shape.Skip(1).Aggregate(1, (a, d) => a * d);
        Weight = RegisterParameter("weight", Init.KaimingUniform(g, shape, fanIn))!;
        Bias = RegisterParameter("bias", bias ? Init.BiasUniform(g, outChannels, fanIn) : null);
    }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }
    /// <summary>Output channels.</summary>
    public int OutChannels { get; }
    /// <summary>Kernel size k along every spatial axis.</summary>
    public int KernelSize { get; }
    /// <summary>Step between windows (for a transposed convolution: the upsampling factor).</summary>
    public int Stride { get; }
    /// <summary>Zeros added on every side (for a transposed convolution: positions removed from the output).</summary>
    public int Padding { get; }
    /// <summary>Spacing between kernel taps.</summary>
    public int Dilation { get; }
    /// <summary>Channel groups (in and out both divisible).</summary>
    public int Groups { get; }
    /// <summary>The kernel, in the layout the subclass names.</summary>
    public Parameter Weight { get; }
    /// <summary>bias: [out], or null.</summary>
    public Parameter? Bias { get; }
}
