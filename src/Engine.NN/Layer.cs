namespace Engine.NN;

/// <summary>A module with one tensor input and one tensor output.</summary>
public abstract class Layer : Module
{
    public abstract Tensor Forward(Tensor x);
}
