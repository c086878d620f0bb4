namespace Engine.NN;

/// <summary>torch.nn.LayerNorm over the trailing <c>normalizedShape</c> axes; weight (ones) and bias (zeros): normalizedShape.</summary>
public sealed class LayerNorm : Layer
{
    private readonly int[] _shape;

    /// <summary>A norm over the trailing <paramref name="normalizedShape"/>; affine weight 1, bias 0.</summary>
    public LayerNorm(int[] normalizedShape, double eps = 1e-5, bool elementwiseAffine = true)
    {
        if (normalizedShape.Length == 0 || normalizedShape.Any(d => d <= 0))
            throw new ArgumentException($"LayerNorm: invalid normalized shape {ShapeFormat.Of(normalizedShape)}");
        _shape = (int[])normalizedShape.Clone();
        Eps = eps;
        Weight = RegisterParameter("weight", elementwiseAffine ? Tensor.Ones(_shape) : null);
        Bias = RegisterParameter("bias", elementwiseAffine ? Tensor.Zeros(_shape) : null);
    }

    /// <summary>A norm over the last dimension of size <paramref name="features"/>.</summary>
    public LayerNorm(int features, double eps = 1e-5) : this([features], eps) { }

    /// <summary>ε added to the variance.</summary>
    public double Eps { get; }
    /// <summary>Scale: normalizedShape, or null without affine.</summary>
    public Parameter? Weight { get; }
    /// <summary>Shift: normalizedShape, or null without affine.</summary>
    public Parameter? Bias { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x)
    {
        var s = x.Shape;
        if (s.Length < _shape.Length || !s[^_shape.Length..].SequenceEqual(_shape))
            throw new ArgumentException($"LayerNorm{ShapeFormat.Of(_shape)}: input x must end in {ShapeFormat.Of(_shape)}, got {ShapeFormat.Of(s)}");
        return Tensor.LayerNorm(x, _shape, Weight?.Value, Bias?.Value, Eps);
    }
}
