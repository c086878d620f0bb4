namespace Engine.Distributed.Tests;

/// <summary>
/// N ranks as N threads of the test host, exchanging through shared slots between two barriers: the collectives'
/// semantics without MPI, so the algorithms built on them run at any rank count on any machine.
/// </summary>
internal sealed class ThreadedWorld
{
    private readonly Barrier _barrier;
    private readonly Array?[] _slots;

    private ThreadedWorld(int size)
    {
        _barrier = new Barrier(size);
        _slots = new Array?[size];
    }

    /// <summary>Runs <paramref name="body"/> on every rank of a world of <paramref name="size"/>; returns each rank's result.</summary>
    public static T[] Run<T>(int size, Func<ICommunicator, T> body)
    {
        var world = new ThreadedWorld(size);
        var results = new T[size];
        var threads = Enumerable.Range(0, size)
            .Select(r => new Thread(() => results[r] = body(new RankThread(world, r))))
            .ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return results;
    }

    /// <summary>Publishes this rank's contribution, waits for all, reads, and waits again so no slot is reused early.</summary>
    private void Exchange(int rank, Array contribution, Action<Array?[]> read)
    {
        _slots[rank] = contribution;
        _barrier.SignalAndWait();
        read(_slots);
        _barrier.SignalAndWait();
    }

    private sealed class RankThread(ThreadedWorld world, int rank) : ICommunicator
    {
        public int Rank => rank;

        public int Size => world._slots.Length;

        public string Implementation => "threads";

        public void Barrier() => world._barrier.SignalAndWait();

        public void Broadcast<T>(Span<T> buffer, int root) where T : unmanaged
        {
            var copy = new T[buffer.Length];
            world.Exchange(rank, buffer.ToArray(), slots => ((T[])slots[root]!).CopyTo(copy, 0));
            copy.CopyTo(buffer);
        }

        public void Allgather<T>(ReadOnlySpan<T> mine, Span<T> all) where T : unmanaged
        {
            var gathered = new T[all.Length];
            int n = mine.Length;
            world.Exchange(rank, mine.ToArray(), slots =>
            {
                for (int r = 0; r < slots.Length; r++)
                    ((T[])slots[r]!).CopyTo(gathered, r * n);
            });
            gathered.CopyTo(all);
        }

        public void Allgatherv<T>(ReadOnlySpan<T> mine, Span<T> all, ReadOnlySpan<int> counts) where T : unmanaged
        {
            var gathered = new T[all.Length];
            world.Exchange(rank, mine.ToArray(), slots =>
            {
                int at = 0;
                foreach (var slot in slots)
                {
                    var block = (T[])slot!;
                    block.CopyTo(gathered, at);
                    at += block.Length;
                }
            });
            gathered.CopyTo(all);
        }

        public void Alltoall<T>(ReadOnlySpan<T> send, Span<T> receive) where T : unmanaged
        {
            var received = new T[receive.Length];
            int block = send.Length / Size;
            world.Exchange(rank, send.ToArray(), slots =>
            {
                for (int from = 0; from < slots.Length; from++)
                    Array.Copy((T[])slots[from]!, rank * block, received, from * block, block);
            });
            received.CopyTo(receive);
        }

        public void Abort(int exitCode) => throw new InvalidOperationException($"rank {rank} aborted with {exitCode}");

        public void Dispose() { }
    }
}
