namespace Engine.NN;

/// <summary>torch.nn.GroupNorm: x: [batch, channels, ...]; affine weight (ones) and bias (zeros): [channels].</summary>
public sealed class GroupNorm : Layer
{
    public GroupNorm(int numGroups, int numChannels, double eps = 1e-5, bool affine = true)
    {
        if (numGroups <= 0 || numChannels % numGroups != 0)
            throw new ArgumentException($"GroupNorm: {numChannels} channels cannot be split into {numGroups} groups");
        NumGroups = numGroups; NumChannels = numChannels; Eps = eps;
        Weight = RegisterParameter("weight", affine ? Tensor.Ones([numChannels]) : null);
        Bias = RegisterParameter("bias", affine ? Tensor.Zeros([numChannels]) : null);
    }

    public int NumGroups { get; }
    public int NumChannels { get; }
    public double Eps { get; }
    public Parameter? Weight { get; }
    public Parameter? Bias { get; }

    public override Tensor Forward(Tensor x)
    {
        if (x.Rank < 2 || x.Shape[1] != NumChannels)
            throw new ArgumentException($"GroupNorm({NumGroups}, {NumChannels}): input x must be [batch, {NumChannels}, ...], got {ShapeFormat.Of(x)}");
        return Tensor.GroupNorm(x, NumGroups, Weight?.Value, Bias?.Value, Eps);
    }
}
