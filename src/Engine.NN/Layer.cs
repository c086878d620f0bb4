namespace Engine.NN;

/// <summary>A module with one tensor input and one tensor output.</summary>
public abstract class Layer : Module
{
    /// <summary>The layer applied to <paramref name="x"/> (shapes in each layer's summary).</summary>
    public abstract Tensor Forward(Tensor x);
}
