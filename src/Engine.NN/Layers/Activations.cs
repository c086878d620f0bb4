namespace Engine.NN;

/// <summary>Mish(x) = x·tanh(softplus(x)), elementwise: any shape → the same shape.</summary>
public sealed class Mish : Layer
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor x) => x.Mish();
}

/// <summary>LeakyReLU with PyTorch's default negative slope 0.01: any shape → the same shape.</summary>
/// <param name="negativeSlope">The slope for x &lt; 0.</param>
public sealed class LeakyReLU(double negativeSlope = 0.01) : Layer
{
    /// <summary>The slope for x &lt; 0.</summary>
    public double NegativeSlope { get; } = negativeSlope;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x) => x.LeakyRelu(NegativeSlope);
}

/// <summary>SiLU(x) = x·σ(x), elementwise: any shape → the same shape.</summary>
public sealed class SiLU : Layer
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor x) => x.Silu();
}

/// <summary>Exact (erf) GELU, PyTorch's default approximate='none': any shape → the same shape.</summary>
public sealed class GELU : Layer
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor x) => x.Gelu();
}

/// <summary>ReLU(x) = max(x, 0), elementwise: any shape → the same shape.</summary>
public sealed class ReLU : Layer
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor x) => x.Relu();
}

/// <summary>tanh, elementwise: any shape → the same shape.</summary>
public sealed class Tanh : Layer
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor x) => x.Tanh();
}

/// <summary>The identity: returns its input (an empty slot that keeps state-name indices aligned).</summary>
public sealed class Identity : Layer
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor x) => x;
}
