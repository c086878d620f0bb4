using Engine.Ops;

namespace Engine.Testing;

/// <summary>Fused ops by their composite definitions, whatever kernels the backend has: the oracle of a fused kernel.</summary>
public static class CompositeOps
{
    /// <summary>conv1d (groups 1) as W·im2col(x) + bias: x [batch, cin, length], weight [cout, cin, k], bias [cout]; differentiable.</summary>
    public static Tensor Conv1d(Tensor x, Tensor weight, Tensor bias, int stride, int padding, int dilation) =>
        ConvGemmOp.CompositeForTests(x, weight, bias, stride, padding, dilation);
}
