namespace Engine.NN;

/// <summary>Mish(x) = x·tanh(softplus(x)).</summary>
public sealed class Mish : Layer { public override Tensor Forward(Tensor x) => x.Mish(); }

/// <summary>LeakyReLU with PyTorch's default negative slope 0.01.</summary>
public sealed class LeakyReLU(double negativeSlope = 0.01) : Layer
{
    public double NegativeSlope { get; } = negativeSlope;
    public override Tensor Forward(Tensor x) => x.LeakyRelu(NegativeSlope);
}

/// <summary>SiLU(x) = x·σ(x).</summary>
public sealed class SiLU : Layer { public override Tensor Forward(Tensor x) => x.Silu(); }

/// <summary>Exact (erf) GELU, PyTorch's default approximate='none'.</summary>
public sealed class GELU : Layer { public override Tensor Forward(Tensor x) => x.Gelu(); }

public sealed class ReLU : Layer { public override Tensor Forward(Tensor x) => x.Relu(); }

public sealed class Tanh : Layer { public override Tensor Forward(Tensor x) => x.Tanh(); }

public sealed class Identity : Layer { public override Tensor Forward(Tensor x) => x; }
