namespace Engine.NN;

/// <summary>
/// How a trainer splits each global batch for data-parallel training: into <see cref="MicroBatches"/> equal
/// micro-batches, rank r computing the contiguous block k ∈ [r·K/N, (r+1)·K/N), every micro-batch's gradient gathered
/// onto every rank and added in micro-batch order (<see cref="MicroBatchGradients"/>).
/// </summary>
/// <remarks>
/// The decomposition, not the process count, fixes the arithmetic: for a given K, any number of ranks (1 … K, or more,
/// with idle ranks) produces bit-identical gradients, and so bit-identical weights, as one process with the same K.
/// K = 1 on one process is the plain training step. Random draws (diffusion steps and noise) are made for the whole
/// global batch on every rank from the shared generator, and a micro-batch takes its rows' slice: the generator is
/// counter-based, so example i's draws are the i-th block of the global draw, whatever K or the rank count.
/// </remarks>
/// <param name="MicroBatches">K, the number of micro-batches per global batch (it must divide the batch size).</param>
/// <param name="Exchange">The processes taking part.</param>
public sealed record DataParallel(int MicroBatches, IGradientExchange Exchange)
{
    /// <summary>One process, one batch: the plain training step.</summary>
    public static DataParallel None { get; } = new(1, SingleProcessExchange.Instance);

    /// <summary>Whether the step is the plain one (K = 1 on one process), which needs no gradient exchange.</summary>
    public bool IsPlain => MicroBatches == 1 && Exchange.Size == 1;

    /// <summary>The first micro-batch rank <paramref name="rank"/> computes (its block ends where rank + 1's starts).</summary>
    public int FirstOf(int rank) => (int)((long)rank * MicroBatches / Exchange.Size);

    /// <summary>The micro-batches this process computes, in order.</summary>
    public Range Mine => FirstOf(Exchange.Rank)..FirstOf(Exchange.Rank + 1);

    /// <summary>Rows per micro-batch for a global batch of <paramref name="batchSize"/>.</summary>
    /// <exception cref="ArgumentException">K is not positive or does not divide the batch.</exception>
    public int MicroBatchSize(int batchSize, string who)
    {
        if (MicroBatches <= 0 || batchSize % MicroBatches != 0)
            throw new ArgumentException($"{who}: {MicroBatches} micro-batches must be positive and divide the batch of {batchSize}");
        return batchSize / MicroBatches;
    }
}
