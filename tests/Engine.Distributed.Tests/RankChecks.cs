using System.Numerics;

namespace Engine.Distributed.Tests;

/// <summary>
/// What each rank of a launched job checks, with data every rank can recompute for every other rank. Prints one line
/// <c>ok rank R of N: FLAVOR</c> on success; on the first failed check prints <c>FAIL rank R: why</c> and aborts the job.
/// </summary>
internal static class RankChecks
{
    /// <summary>The lengths of the summed buffers: empty, shorter than the rank count, odd, and not a multiple of 2 or 3.</summary>
    private static readonly int[] SumLengths = [0, 1, 2, 5, 1000, 65537];

    public static int Run(int expectedSize)
    {
        using var world = Communicator.World();
        try
        {
            Check(world.Size == expectedSize, $"size {world.Size}, launched {expectedSize}");
            Check(world.Rank >= 0 && world.Rank < world.Size, $"rank {world.Rank} outside 0..{world.Size - 1}");
            world.Barrier();
            CheckBroadcast(world);
            CheckAllgather(world);
            CheckAllgatherv(world);
            CheckAlltoall(world);
            foreach (int n in SumLengths)
            {
                CheckSum<float>(world, n, "float", 1000, b => world.AllreduceSum(b));
                CheckSum<double>(world, n, "double", 2000, b => world.AllreduceSum(b));
            }
            world.Barrier();
            string flavor = world switch
            {
                MpiCommunicator mpi => mpi.IsOpenMpi ? "OpenMPI" : "MPICH",
                _ => NoMpiMapped() ? "single process, no libmpi mapped" : "single process, but a libmpi is mapped",
            };
            Console.WriteLine($"ok rank {world.Rank} of {world.Size}: {flavor}");
            return 0;
        }
        catch (Exception e)
        {
            Console.WriteLine($"FAIL rank {world.Rank}: {e.Message}");
            Console.Out.Flush();
            world.Abort(1);
            return 1;
        }
    }

    /// <summary>Whether no MPI library is mapped into this process (Linux /proc).</summary>
    public static bool NoMpiMapped() =>
        !File.ReadAllText("/proc/self/maps").Contains("libmpi", StringComparison.Ordinal);

    private static void CheckBroadcast(ICommunicator world)
    {
        int root = world.Size - 1;
        var buffer = new double[1001];
        for (int i = 0; i < buffer.Length; i++)
            buffer[i] = world.Rank == root ? SplitMix.Value(77, i) : -1;
        world.Broadcast<double>(buffer, root);
        for (int i = 0; i < buffer.Length; i++)
            Check(BitEqual(buffer[i], SplitMix.Value(77, i)), $"broadcast from {root}: element {i} is {buffer[i]}");
    }

    private static void CheckAllgather(ICommunicator world)
    {
        const int per = 3;
        var mine = Enumerable.Range(0, per).Select(i => world.Rank * 10 + i).ToArray();
        var all = new int[per * world.Size];
        world.Allgather<int>(mine, all);
        for (int r = 0; r < world.Size; r++)
            for (int i = 0; i < per; i++)
                Check(all[r * per + i] == r * 10 + i, $"allgather: element {i} from rank {r} is {all[r * per + i]}");
    }

    private static void CheckAllgatherv(ICommunicator world)
    {
        // Rank r sends r + 1 longs; rank 0's block comes first.
        var counts = Enumerable.Range(1, world.Size).ToArray();
        var mine = Enumerable.Range(0, world.Rank + 1).Select(i => (long)world.Rank * 100 + i).ToArray();
        var all = new long[counts.Sum()];
        world.Allgatherv<long>(mine, all, counts);
        int at = 0;
        for (int r = 0; r < world.Size; r++)
            for (int i = 0; i <= r; i++, at++)
                Check(all[at] == (long)r * 100 + i, $"allgatherv: element {i} from rank {r} is {all[at]}");
    }

    private static void CheckAlltoall(ICommunicator world)
    {
        const int block = 4;
        int size = world.Size, me = world.Rank;
        var send = new int[block * size];
        for (int to = 0; to < size; to++)
            for (int i = 0; i < block; i++)
                send[to * block + i] = me * 1000 + to * 10 + i;
        var received = new int[send.Length];
        world.Alltoall<int>(send, received);
        for (int from = 0; from < size; from++)
            for (int i = 0; i < block; i++)
                Check(received[from * block + i] == from * 1000 + me * 10 + i,
                    $"alltoall: element {i} from rank {from} is {received[from * block + i]}");
    }

    /// <summary>
    /// The rank-ordered sum of <typeparamref name="T"/> buffers of length <paramref name="n"/>, bit for bit against the serial
    /// rank-order sum every rank recomputes from data it can regenerate for every rank (seeded by <paramref name="salt"/> + rank).
    /// </summary>
    private static void CheckSum<T>(ICommunicator world, int n, string kind, ulong salt, Action<T[]> allreduceSum) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T Data(int rank, int i) => T.CreateChecked(SplitMix.Value(salt + (ulong)rank, i));
        var buffer = new T[n];
        for (int i = 0; i < n; i++)
            buffer[i] = Data(world.Rank, i);
        allreduceSum(buffer);
        int reordered = 0;
        for (int i = 0; i < n; i++)
        {
            T serial = Data(0, i), reverse = Data(world.Size - 1, i);
            for (int r = 1; r < world.Size; r++)
            {
                serial += Data(r, i);
                reverse += Data(world.Size - 1 - r, i);
            }
            Check(BitEqual(buffer[i], serial), $"{kind} sum of length {n}: element {i} is {buffer[i]:R}, the rank-order sum is {serial:R}");
            if (serial != reverse) reordered++;
        }
        // The data must be able to tell the orders apart, else the bit comparison above would prove nothing.
        if (world.Size >= 3 && n >= 1000)
            Check(reordered > 0, $"{kind} sum of length {n}: the reverse rank order gives the same bits; the data cannot detect a wrong order");
    }

    private static bool BitEqual<T>(T a, T b) where T : unmanaged =>
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(new[] { a }.AsSpan()).SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.AsBytes(new[] { b }.AsSpan()));

    private static void Check(bool condition, string why)
    {
        if (!condition)
            throw new InvalidOperationException(why);
    }
}
