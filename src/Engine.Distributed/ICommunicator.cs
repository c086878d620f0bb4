namespace Engine.Distributed;

/// <summary>
/// The processes of one job and the collectives among them. Every rank must make the same calls in the same order
/// with the same lengths (the MPI rule); buffers are blittable spans, never serialized objects.
/// </summary>
/// <remarks>
/// Two implementations: <see cref="SingleProcessCommunicator"/> (size 1, no native code; what a program gets when it
/// was not started by an MPI launcher) and <see cref="MpiCommunicator"/> (the system's OpenMPI or MPICH). Get the one
/// that fits the launch from <see cref="Communicator.World()"/>. The sum that does not depend on MPI's reduction
/// algorithm is <see cref="RankOrderedSum"/>, built on <see cref="Alltoall{T}"/> and <see cref="Allgather{T}"/>.
/// </remarks>
public interface ICommunicator : IDisposable
{
    /// <summary>This process's index, 0 ≤ Rank &lt; Size.</summary>
    int Rank { get; }

    /// <summary>The number of processes in the job.</summary>
    int Size { get; }

    /// <summary>What carries the messages: "single process", or the MPI library's version line.</summary>
    string Implementation { get; }

    /// <summary>Returns once every rank has called it.</summary>
    void Barrier();

    /// <summary>Copies <paramref name="buffer"/> of rank <paramref name="root"/> into the same-length buffer of every rank.</summary>
    void Broadcast<T>(Span<T> buffer, int root) where T : unmanaged;

    /// <summary>Gathers every rank's equal-length <paramref name="mine"/> into <paramref name="all"/> (Size × that length), in rank order.</summary>
    void Allgather<T>(ReadOnlySpan<T> mine, Span<T> all) where T : unmanaged;

    /// <summary>
    /// Gathers rank r's <c>counts[r]</c> elements into <paramref name="all"/> (the sum of <paramref name="counts"/>), in
    /// rank order; <paramref name="mine"/>.Length must be <c>counts[Rank]</c>.
    /// </summary>
    void Allgatherv<T>(ReadOnlySpan<T> mine, Span<T> all, ReadOnlySpan<int> counts) where T : unmanaged;

    /// <summary>
    /// Block j of <paramref name="send"/> goes to rank j, and block i of <paramref name="receive"/> comes from rank i; both
    /// spans hold Size equal blocks.
    /// </summary>
    void Alltoall<T>(ReadOnlySpan<T> send, Span<T> receive) where T : unmanaged;

    /// <summary>Ends every rank of the job with <paramref name="exitCode"/> (after an error that leaves the others waiting).</summary>
    void Abort(int exitCode);
}
