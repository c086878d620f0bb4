using System.Numerics;
using System.Runtime.ExceptionServices;

namespace Engine.Backends.Cpu;

internal static unsafe partial class Gemm
{
    /// <summary>
    /// Fork/join without allocation: <paramref name="threads"/> - 1 thread-pool work items and the
    /// calling thread claim slices one at a time from a shared counter until none is left; the caller
    /// returns once every slice is finished. Whoever computes a slice, its bits are the same, and a
    /// busy or slow pool costs parallelism, never progress (the caller alone can finish everything).
    /// </summary>
    private static void Fork<T>(in Problem<T> p, ReadOnlySpan<Slice> slices, int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ForkJoin<T> fork = ForkJoin<T>.ForCurrentThread();
        fork.Open(in p, slices);
        int helpers = Math.Min(threads, slices.Length) - 1;
        for (int w = 0; w < helpers; w++)
            ThreadPool.UnsafeQueueUserWorkItem(fork, preferLocal: false);
        fork.Work();
        fork.Finished.Wait();
        fork.Error?.Throw();
    }

    /// <summary>One caller thread's reusable fork state (a thread never has two forks in flight).</summary>
    private sealed class ForkJoin<T> : IThreadPoolWorkItem where T : unmanaged, IFloatingPointIeee754<T>
    {
        [ThreadStatic] private static ForkJoin<T>? _current;

        private Problem<T> _problem;
        private readonly Slice[] _slices = new Slice[MaxSlices];

        // Epoch (bits 40+), slice count (bits 20..39) and next unclaimed slice (bits 0..19) in one
        // word, so a claim is a single compare-and-swap and a work item queued for an earlier fork
        // can only ever claim a slice of the fork that is open now, with its data fully published.
        private long _state;
        private int _done;

        public readonly ManualResetEventSlim Finished = new(false);
        public ExceptionDispatchInfo? Error;

        public static ForkJoin<T> ForCurrentThread() => _current ??= new ForkJoin<T>();

        public void Open(in Problem<T> problem, ReadOnlySpan<Slice> slices)
        {
            _problem = problem;
            slices.CopyTo(_slices);
            _done = 0;
            Error = null;
            Finished.Reset();
            long epoch = (Volatile.Read(ref _state) >> 40) + 1;
            Interlocked.Exchange(ref _state, (epoch << 40) | ((long)slices.Length << 20)); // publishes the above
        }

        public void Execute() => Work();

        /// <summary>Claims and computes slices until none is left.</summary>
        public void Work()
        {
            while (true)
            {
                long s = Volatile.Read(ref _state);
                int count = (int)((s >> 20) & 0xFFFFF), next = (int)(s & 0xFFFFF);
                if (next >= count)
                    return;
                if (Interlocked.CompareExchange(ref _state, s + 1, s) != s)
                    continue;
                // Claimed: the fork cannot close (or reopen) before this slice is counted done.
                try
                {
                    Compute(in _problem, _slices[next]);
                }
                catch (Exception e)
                {
                    Error ??= ExceptionDispatchInfo.Capture(e);
                }
                if (Interlocked.Increment(ref _done) == count)
                    Finished.Set();
            }
        }
    }
}
