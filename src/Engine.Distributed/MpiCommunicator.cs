using Engine.IO;

namespace Engine.Distributed;

/// <summary>
/// MPI_COMM_WORLD of the system's OpenMPI or MPICH, opened at run time. MPI allows one initialisation per process, so
/// there is at most one instance; <see cref="Dispose"/> finalises MPI. Get it through <see cref="Communicator.World()"/>.
/// </summary>
public sealed unsafe class MpiCommunicator : ICommunicator
{
    // MPI_THREAD_SERIALIZED: calls may come from different threads (an await resumes elsewhere), never concurrently.
    private const int ThreadSerialized = 2;

    private static int _created;
    private readonly MpiLibrary _mpi;
    private bool _disposed;

    internal MpiCommunicator(MpiLaunch launch)
    {
        _mpi = MpiLibrary.Load(launch);
        if (Interlocked.Exchange(ref _created, 1) != 0)
            throw new InvalidOperationException("MPI is initialised once per process; keep the first communicator");
        Implementation = _mpi.Version();
        int initialized, provided, rank, size;
        MpiLibrary.Check(_mpi.Initialized(&initialized), "MPI_Initialized");
        if (initialized == 0)
            MpiLibrary.Check(_mpi.InitThread(null, null, ThreadSerialized, &provided), "MPI_Init_thread");
        MpiLibrary.Check(_mpi.CommRank(_mpi.Abi.CommWorld, &rank), "MPI_Comm_rank");
        MpiLibrary.Check(_mpi.CommSize(_mpi.Abi.CommWorld, &size), "MPI_Comm_size");
        Rank = rank;
        Size = size;
        // A library of the other MPI than the launcher's initialises as a lone singleton on every rank.
        if (launch.ExpectedSize is { } expected && expected != size)
            throw new InputException("MPI launcher and library disagree", _mpi.Name,
                $"the launcher started {expected} processes ({launch.Variable}) but {Implementation} sees {size}; "
                + $"launch with the mpirun of the same MPI (mpirun.openmpi for {MpiLaunch.OpenMpiLibrary}, mpirun.mpich for {MpiLaunch.MpichLibrary})");
    }

    /// <inheritdoc/>
    public int Rank { get; }

    /// <inheritdoc/>
    public int Size { get; }

    /// <inheritdoc/>
    public string Implementation { get; }

    /// <summary>Whether the library has OpenMPI's ABI (else MPICH's).</summary>
    public bool IsOpenMpi => _mpi.Abi.Flavor == MpiFlavor.OpenMpi;

    /// <inheritdoc/>
    public void Barrier() => MpiLibrary.Check(_mpi.Barrier(_mpi.Abi.CommWorld), "MPI_Barrier");

    /// <inheritdoc/>
    public void Broadcast<T>(Span<T> buffer, int root) where T : unmanaged
    {
        Collective.CheckRoot(root, Size);
        fixed (T* p = buffer)
            MpiLibrary.Check(_mpi.Bcast(p, Bytes<T>(buffer.Length), _mpi.Abi.Byte, root, _mpi.Abi.CommWorld), "MPI_Bcast");
    }

    /// <inheritdoc/>
    public void Allgather<T>(ReadOnlySpan<T> mine, Span<T> all) where T : unmanaged
    {
        Collective.CheckGather(mine.Length, all.Length, Size);
        int bytes = Bytes<T>(mine.Length);
        Bytes<T>(all.Length);
        fixed (T* send = mine)
        fixed (T* receive = all)
            MpiLibrary.Check(_mpi.Allgather(send, bytes, _mpi.Abi.Byte, receive, bytes, _mpi.Abi.Byte, _mpi.Abi.CommWorld), "MPI_Allgather");
    }

    /// <inheritdoc/>
    public void Allgatherv<T>(ReadOnlySpan<T> mine, Span<T> all, ReadOnlySpan<int> counts) where T : unmanaged
    {
        Collective.CheckGatherv(mine.Length, all.Length, counts, Rank, Size);
        Bytes<T>(all.Length);
        var byteCounts = new int[Size];
        var offsets = new int[Size];
        for (int r = 0, offset = 0; r < Size; r++)
        {
            byteCounts[r] = Bytes<T>(counts[r]);
            offsets[r] = offset;
            offset += byteCounts[r];
        }
        fixed (T* send = mine)
        fixed (T* receive = all)
        fixed (int* c = byteCounts)
        fixed (int* o = offsets)
            MpiLibrary.Check(_mpi.Allgatherv(send, byteCounts[Rank], _mpi.Abi.Byte, receive, c, o, _mpi.Abi.Byte, _mpi.Abi.CommWorld), "MPI_Allgatherv");
    }

    /// <inheritdoc/>
    public void Alltoall<T>(ReadOnlySpan<T> send, Span<T> receive) where T : unmanaged
    {
        int block = Collective.Block(send.Length, Size, nameof(send));
        if (receive.Length != send.Length)
            throw new ArgumentException($"must hold {send.Length} elements like the send buffer, not {receive.Length}", nameof(receive));
        int bytes = Bytes<T>(block);
        Bytes<T>(send.Length);
        fixed (T* s = send)
        fixed (T* r = receive)
            MpiLibrary.Check(_mpi.Alltoall(s, bytes, _mpi.Abi.Byte, r, bytes, _mpi.Abi.Byte, _mpi.Abi.CommWorld), "MPI_Alltoall");
    }

    /// <inheritdoc/>
    public void Abort(int exitCode) => _mpi.Abort(_mpi.Abi.CommWorld, exitCode);

    /// <summary>Finalises MPI (every rank must); the process cannot use MPI again.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        int finalized;
        MpiLibrary.Check(_mpi.Finalized(&finalized), "MPI_Finalized");
        if (finalized == 0)
            MpiLibrary.Check(_mpi.FinalizeMpi(), "MPI_Finalize");
    }

    /// <summary>The byte count of <paramref name="count"/> elements, which MPI takes as an int.</summary>
    private static int Bytes<T>(int count) where T : unmanaged
    {
        long bytes = (long)count * sizeof(T);
        if (bytes > int.MaxValue)
            throw new ArgumentException($"{count} elements of {sizeof(T)} bytes exceed MPI's int count of bytes; split the message");
        return (int)bytes;
    }
}
