namespace Engine.NN;

/// <summary>
/// Inverted dropout: in training mode each element is zeroed with probability p and the survivors are
/// scaled by 1/(1−p); in eval mode (or p = 0) the identity. The mask stream comes from the module's own
/// generator, so a seeded model drops the same elements on every run.
/// </summary>
public sealed class Dropout : Layer
{
    private readonly Generator _g;

    /// <summary>Dropout with probability <paramref name="p"/> in [0, 1), drawing masks from its own stream of <paramref name="g"/>.</summary>
    public Dropout(double p, Generator g)
    {
        if (p < 0 || p >= 1) throw new ArgumentException($"Dropout: p must be in [0, 1), got {p}");
        P = p;
        _g = g.Split();
    }

    /// <summary>The probability of zeroing an element.</summary>
    public double P { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x)
    {
        if (!Training || P == 0) return x;
        var keep = Tensor.Rand(_g, x.Shape, x.DType, x.Backend) >= P;
        return x * keep * (1.0 / (1.0 - P));
    }
}
