namespace Engine.Distributed;

/// <summary>
/// The world of a program not started by an MPI launcher: one rank, no native library. Every collective is a copy, so
/// code written for N ranks runs unchanged and gives the single-process result.
/// </summary>
public sealed class SingleProcessCommunicator : ICommunicator
{
    /// <inheritdoc/>
    public int Rank => 0;

    /// <inheritdoc/>
    public int Size => 1;

    /// <inheritdoc/>
    public string Implementation => "single process";

    /// <inheritdoc/>
    public void Barrier() { }

    /// <inheritdoc/>
    public void Broadcast<T>(Span<T> buffer, int root) where T : unmanaged => Collective.CheckRoot(root, 1);

    /// <inheritdoc/>
    public void Allgather<T>(ReadOnlySpan<T> mine, Span<T> all) where T : unmanaged
    {
        Collective.CheckGather(mine.Length, all.Length, 1);
        mine.CopyTo(all);
    }

    /// <inheritdoc/>
    public void Allgatherv<T>(ReadOnlySpan<T> mine, Span<T> all, ReadOnlySpan<int> counts) where T : unmanaged
    {
        Collective.CheckGatherv(mine.Length, all.Length, counts, 0, 1);
        mine.CopyTo(all);
    }

    /// <inheritdoc/>
    public void Alltoall<T>(ReadOnlySpan<T> send, Span<T> receive) where T : unmanaged
    {
        if (send.Length != receive.Length)
            throw new ArgumentException($"must hold {send.Length} elements like the send buffer, not {receive.Length}", nameof(receive));
        send.CopyTo(receive);
    }

    /// <inheritdoc/>
    public void Abort(int exitCode) => Environment.Exit(exitCode);

    /// <inheritdoc/>
    public void Dispose() { }
}
