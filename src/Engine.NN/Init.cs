namespace Engine.NN;

/// <summary>
/// PyTorch's default initialisations, so freshly built layers have the same distributions as theirs
/// (the random streams differ; golden tests load PyTorch's weights instead).
/// </summary>
public static class Init
{
    /// <summary>
    /// kaiming_uniform_(a = √5) as used by Linear/Conv reset_parameters: gain = √(2/(1+a²)) = √(1/3),
    /// bound = gain·√(3/fan_in) = 1/√fan_in.
    /// </summary>
    public static Tensor KaimingUniform(Generator g, int[] shape, int fanIn, DType dtype = DType.Float32)
    {
        double bound = fanIn > 0 ? 1.0 / Math.Sqrt(fanIn) : 0;
        return Tensor.Uniform(g, shape, -bound, bound, dtype);
    }

    /// <summary>The bias default: U(−1/√fan_in, 1/√fan_in).</summary>
    public static Tensor BiasUniform(Generator g, int size, int fanIn, DType dtype = DType.Float32)
    {
        double bound = fanIn > 0 ? 1.0 / Math.Sqrt(fanIn) : 0;
        return Tensor.Uniform(g, [size], -bound, bound, dtype);
    }
}
