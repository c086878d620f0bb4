namespace Engine.NN;

/// <summary>
/// The collectives data-parallel training needs, over blittable spans. Implemented by <see cref="SingleProcessExchange"/>
/// here and, over MPI, by Engine.Distributed's <c>CommunicatorGradientExchange</c>; this project does not depend on MPI.
/// Every rank makes the same calls in the same order with the same lengths.
/// </summary>
public interface IGradientExchange
{
    /// <summary>This process's index, 0 ≤ Rank &lt; Size.</summary>
    int Rank { get; }

    /// <summary>The number of processes taking part.</summary>
    int Size { get; }

    /// <summary>
    /// Block j of <paramref name="send"/> goes to rank j, and block i of <paramref name="receive"/> comes from rank i; both
    /// spans hold Size equal blocks.
    /// </summary>
    void Alltoall<T>(ReadOnlySpan<T> send, Span<T> receive) where T : unmanaged;

    /// <summary>Gathers every rank's equal-length <paramref name="mine"/> into <paramref name="all"/> (Size × that length), in rank order.</summary>
    void Allgather<T>(ReadOnlySpan<T> mine, Span<T> all) where T : unmanaged;
}

/// <summary>The exchange of a program that runs alone: rank 0 of 1, every collective is a copy.</summary>
public sealed class SingleProcessExchange : IGradientExchange
{
    /// <summary>The shared instance.</summary>
    public static SingleProcessExchange Instance { get; } = new();

    private SingleProcessExchange() { }

    /// <inheritdoc/>
    public int Rank => 0;

    /// <inheritdoc/>
    public int Size => 1;

    /// <inheritdoc/>
    public void Alltoall<T>(ReadOnlySpan<T> send, Span<T> receive) where T : unmanaged => Copy(send, receive);

    /// <inheritdoc/>
    public void Allgather<T>(ReadOnlySpan<T> mine, Span<T> all) where T : unmanaged => Copy(mine, all);

    private static void Copy<T>(ReadOnlySpan<T> from, Span<T> to)
    {
        if (from.Length != to.Length)
            throw new ArgumentException($"SingleProcessExchange: one rank exchanges with itself, so source ({from.Length}) and destination ({to.Length}) have the same length");
        from.CopyTo(to);
    }
}
