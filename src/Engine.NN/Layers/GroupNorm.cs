namespace Engine.NN;

/// <summary>torch.nn.GroupNorm: x: [batch, channels, ...]; affine weight (ones) and bias (zeros): [channels].</summary>
public sealed class GroupNorm : Layer
{
    /// <summary>A norm over <paramref name="numChannels"/> channels in <paramref name="numGroups"/> groups; affine weight 1, bias 0.</summary>
    public GroupNorm(int numGroups, int numChannels, double eps = 1e-5, bool affine = true)
    {
        if (numGroups <= 0 || numChannels % numGroups != 0)
            throw new ArgumentException($"GroupNorm: {numChannels} channels cannot be split into {numGroups} groups");
        NumGroups = numGroups; NumChannels = numChannels; Eps = eps;
        Weight = RegisterParameter("weight", affine ? Tensor.Ones([numChannels]) : null);
        Bias = RegisterParameter("bias", affine ? Tensor.Zeros([numChannels]) : null);
    }

    /// <summary>Number of groups.</summary>
    public int NumGroups { get; }
    /// <summary>Number of channels.</summary>
    public int NumChannels { get; }
    /// <summary>ε added to the variance.</summary>
    public double Eps { get; }
    /// <summary>Per-channel scale: [channels], or null without affine.</summary>
    public Parameter? Weight { get; }
    /// <summary>Per-channel shift: [channels], or null without affine.</summary>
    public Parameter? Bias { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x)
    {
        if (x.Rank < 2 || x.Shape[1] != NumChannels)
            throw new ArgumentException($"GroupNorm({NumGroups}, {NumChannels}): input x must be [batch, {NumChannels}, ...], got {ShapeFormat.Of(x)}");
        return Tensor.GroupNorm(x, NumGroups, Weight?.Value, Bias?.Value, Eps);
    }
}
