namespace Engine.Rewards.Extraction;

/// <summary>
/// A fixed pool of alignment tuples drawn once from another source, then sampled uniformly with replacement.
/// The authors evaluate both diffusion models afresh at every reward step; on a CPU those two forward passes
/// cost far more than the reward step itself, so a pool of a few thousand tuples (the pairs of Algorithm 2
/// are a pool too) trades a little sample diversity for an order of magnitude in speed.
/// </summary>
public sealed class PooledAlignmentSource : IAlignmentSource
{
    private readonly TupleStore _store;

    /// <summary>Draws <paramref name="size"/> tuples from <paramref name="inner"/> now and keeps them on the host.</summary>
    /// <param name="inner">The source to draw the pool from (e.g. a <see cref="DataAlignmentSource"/>).</param>
    /// <param name="size">Tuples in the pool.</param>
    /// <param name="g">Generator passed to <paramref name="inner"/> while filling the pool.</param>
    /// <param name="chunk">Tuples drawn from <paramref name="inner"/> per call.</param>
    /// <param name="progress">Receives the number of tuples drawn so far (of <paramref name="size"/>).</param>
    /// <exception cref="ArgumentException"><paramref name="size"/> or <paramref name="chunk"/> is not positive, or a batch of <paramref name="inner"/> is malformed.</exception>
    public PooledAlignmentSource(IAlignmentSource inner, int size, Generator g, int chunk = 256, IProgress<long>? progress = null)
    {
        if (size <= 0 || chunk <= 0) throw new ArgumentException($"PooledAlignmentSource: size ({size}) and chunk ({chunk}) must be positive");
        _store = new TupleStore(size, inner.SampleShape);
        for (int start = 0; start < size; start += chunk)
        {
            // The store keeps host copies; the chunk's tensors (and both models' activations) go back to
            // the storage pool for the next chunk instead of being fresh, page-faulting memory each time.
            using var scope = Tensor.Scope();
            var batch = inner.Next(g, Math.Min(chunk, size - start)).Validated();
            _store.Add(batch.X, batch.MeanBase, batch.MeanExpert, batch.T);
            progress?.Report(_store.Count);
        }
    }

    /// <inheritdoc/>
    public int Horizon => _store.Horizon;
    /// <inheritdoc/>
    public int TransitionDim => _store.TransitionDim;
    /// <inheritdoc/>
    public IReadOnlyList<int> SampleShape => _store.SampleShape;
    /// <summary>Tuples in the pool.</summary>
    public int Count => _store.Count;

    /// <inheritdoc/>
    public AlignmentBatch Next(Generator g, int batchSize) => _store.Next(g, batchSize);
}
