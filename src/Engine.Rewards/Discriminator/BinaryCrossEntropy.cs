namespace Engine.Rewards.Discriminator;

/// <summary>
/// Binary cross-entropy on logits and the log-sigmoid, written with the stable softplus of Engine.Core so
/// both are differentiable (to any order) and finite for any logit:
/// softplus(z) = max(z, 0) + log(1 + e^{−|z|}).
/// </summary>
public static class BinaryCrossEntropy
{
    /// <summary>
    /// Mean over the batch of ℓ(z, y) = softplus(z) − y·z = −[y·log σ(z) + (1 − y)·log(1 − σ(z))].
    /// logits: [batch] (or [batch, 1]), labels: the same number of values in [0, 1] (1 = expert). Returns a scalar;
    /// ∂ℓ/∂z = σ(z) − y.
    /// </summary>
    public static Tensor WithLogits(Tensor logits, Tensor labels)
    {
        if (logits.Numel == 0 || logits.Numel != labels.Numel)
            throw new ArgumentException($"BinaryCrossEntropy.WithLogits: logits {Engine.NN.ShapeFormat.Of(logits)} and labels {Engine.NN.ShapeFormat.Of(labels)} must hold the same, non-zero number of values");
        var z = logits.Reshape(-1);
        var y = labels.Reshape(-1).Cast(z.DType).To(z.Backend);
        return (z.Softplus() - z * y).Mean();
    }

    /// <summary>log σ(z) = −softplus(−z), elementwise (any shape); finite for very negative z.</summary>
    public static Tensor LogSigmoid(Tensor logits) => -(-logits).Softplus();
}
