using Engine.NN;

namespace Engine.Distributed;

/// <summary>
/// Data-parallel training over a communicator: the trainers' <see cref="DataParallel"/> plans gather their micro-batch
/// gradients through this, and add them in micro-batch order themselves (so the sum never depends on MPI's reduction).
/// </summary>
/// <param name="world">The processes taking part (an MPI world, or the single-process one).</param>
public sealed class CommunicatorGradientExchange(ICommunicator world) : IGradientExchange
{
    /// <inheritdoc/>
    public int Rank => world.Rank;

    /// <inheritdoc/>
    public int Size => world.Size;

    /// <inheritdoc/>
    public void Alltoall<T>(ReadOnlySpan<T> send, Span<T> receive) where T : unmanaged => world.Alltoall(send, receive);

    /// <inheritdoc/>
    public void Allgather<T>(ReadOnlySpan<T> mine, Span<T> all) where T : unmanaged => world.Allgather(mine, all);
}
