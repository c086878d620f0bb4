namespace Engine.Rewards.Extraction;

/// <summary>
/// One batch of the gradient-alignment problem: noisy samples x_t: [batch, …sample] (trajectories [batch, horizon,
/// transition], images [batch, channels, height, width]) at integer steps t (length batch), and the two models'
/// posterior means μ_B(x_t, t), μ_E(x_t, t) (same shape as x_t, no gradient). The reward's input gradient is
/// matched to μ_E − μ_B (paper eq. 45).
/// </summary>
/// <param name="X">The noisy samples x_t: [batch, …sample].</param>
/// <param name="T">The diffusion step of each sample, in 0…T−1 (length batch).</param>
/// <param name="MeanBase">The base model's posterior mean μ_B(x_t, t), shaped like <paramref name="X"/>.</param>
/// <param name="MeanExpert">The expert model's posterior mean μ_E(x_t, t), shaped like <paramref name="X"/>.</param>
public sealed record AlignmentBatch(Tensor X, int[] T, Tensor MeanBase, Tensor MeanExpert)
{
    /// <summary>Samples in the batch.</summary>
    public int Size => T.Length;

    /// <summary>Rows [<paramref name="start"/>, <paramref name="end"/>) of every field (views of the tensors), e.g. one micro-batch.</summary>
    public AlignmentBatch Rows(int start, int end) =>
        new(X.Slice(0, start, end), T[start..end], MeanBase.Slice(0, start, end), MeanExpert.Slice(0, start, end));

    /// <summary>Checks that the four parts agree; throws with the shapes otherwise.</summary>
    public AlignmentBatch Validated()
    {
        if (X.Rank < 2 || !X.Shape.SequenceEqual(MeanBase.Shape) || !X.Shape.SequenceEqual(MeanExpert.Shape) || X.Shape[0] != T.Length)
            throw new ArgumentException($"AlignmentBatch: x {Fmt(X)}, μ_B {Fmt(MeanBase)}, μ_E {Fmt(MeanExpert)} and {T.Length} steps do not agree (need one shape [batch, …] for all three and one step per sample)");
        return this;

        static string Fmt(Tensor t) => "[" + string.Join(", ", t.Shape) + "]";
    }
}

/// <summary>Where alignment batches come from: the data (Algorithm 1) or the two models alone (Algorithm 2).</summary>
public interface IAlignmentSource
{
    /// <summary>Trajectory horizon H of the batches; for other samples, their first axis (images: channels).</summary>
    int Horizon { get; }

    /// <summary>Transition dimension C of the batches; for other samples, the product of the remaining axes.</summary>
    int TransitionDim { get; }

    /// <summary>The shape of one sample: [horizon, transition] for trajectories (the default), e.g. [channels, height, width] for images.</summary>
    IReadOnlyList<int> SampleShape => [Horizon, TransitionDim];

    /// <summary>A batch of <paramref name="batchSize"/> tuples, all randomness from <paramref name="g"/>.</summary>
    AlignmentBatch Next(Generator g, int batchSize);
}
