namespace Engine.NN;

/// <summary>y = x·Wᵀ + b. x: [..., inFeatures] → [..., outFeatures]; weight: [outFeatures, inFeatures], bias: [outFeatures].</summary>
public sealed class Linear : Layer
{
    /// <summary>A layer with PyTorch's default initialisation (U(±1/√in) for weight and bias).</summary>
    public Linear(int inFeatures, int outFeatures, Generator g, bool bias = true)
    {
        if (inFeatures <= 0 || outFeatures <= 0)
            throw new ArgumentException($"Linear: features must be positive, got in={inFeatures}, out={outFeatures}");
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = RegisterParameter("weight", Init.KaimingUniform(g, [outFeatures, inFeatures], inFeatures))!;
        Bias = RegisterParameter("bias", bias ? Init.BiasUniform(g, outFeatures, inFeatures) : null);
    }

    /// <summary>Input features.</summary>
    public int InFeatures { get; }
    /// <summary>Output features.</summary>
    public int OutFeatures { get; }
    /// <summary>weight: [out, in].</summary>
    public Parameter Weight { get; }
    /// <summary>bias: [out], or null.</summary>
    public Parameter? Bias { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x)
    {
        if (x.Rank < 1 || x.Shape[^1] != InFeatures)
            throw new ArgumentException($"Linear({InFeatures}→{OutFeatures}): input x must be [..., {InFeatures}], got {ShapeFormat.Of(x)}");
        return Tensor.Linear(x, Weight.Value, Bias?.Value);
    }
}
