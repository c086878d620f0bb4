using Engine.Autodiff;

namespace Engine;

public sealed partial class Tensor
{
    /// <summary>
    /// Reverse pass from this tensor: adds ∂this/∂leaf (contracted with <paramref name="gradient"/>,
    /// default ones) to <see cref="Grad"/> of every leaf that requires grad. With
    /// <paramref name="createGraph"/> the accumulated gradients are themselves differentiable.
    /// </summary>
    public void Backward(Tensor? gradient = null, bool createGraph = false)
    {
        if (!RequiresGradient)
            throw new InvalidOperationException($"backward: this tensor (shape {ShapeUtil.Format(Dims)}) does not depend on anything that requires grad");
        Autograd.Backward(this, gradient, createGraph);
    }
}
