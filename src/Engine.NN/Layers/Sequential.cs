namespace Engine.NN;

/// <summary>Layers applied in order; children are named "0", "1", … as in torch.nn.Sequential.</summary>
public sealed class Sequential : Layer
{
    private readonly List<Layer> _layers = [];

    /// <summary>The layers in order.</summary>
    public Sequential(params Layer[] layers)
    {
        foreach (var l in layers) Add(l);
    }

    /// <summary>Appends <paramref name="layer"/> under the next index; returns this Sequential.</summary>
    public Sequential Add(Layer layer)
    {
        RegisterModule(_layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), layer);
        _layers.Add(layer);
        return this;
    }

    /// <summary>The number of layers.</summary>
    public int Count => _layers.Count;
    /// <summary>The layer at index <paramref name="i"/>.</summary>
    public Layer this[int i] => _layers[i];

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x)
    {
        foreach (var l in _layers) x = l.Forward(x);
        return x;
    }
}
