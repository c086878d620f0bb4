using System.Numerics;
using System.Runtime.ExceptionServices;

namespace Engine.Backends.Cpu;

internal static unsafe partial class Gemm
{
    /// <summary>
    /// Fork/join without allocation: slices[1..] go to the thread pool as reusable work items, the
    /// calling thread computes slices[0], then runs any slice no worker has picked up yet, then waits.
    /// A slice is claimed exactly once (by a worker or by the caller), so a slow or saturated pool only
    /// costs parallelism, never progress.
    /// </summary>
    private static void Fork<T>(in Problem<T> p, Span<Slice> slices) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Job<T>[] jobs = Job<T>.Pool(slices.Length - 1);
        for (int w = 1; w < slices.Length; w++)
        {
            Job<T> job = jobs[w - 1];
            job.Open(p, slices[w]);
            ThreadPool.UnsafeQueueUserWorkItem(job, preferLocal: false);
        }
        Compute(in p, slices[0]);
        for (int w = 1; w < slices.Length; w++)
            if (jobs[w - 1].TryClaim())
                jobs[w - 1].RunClaimed();
        ExceptionDispatchInfo? error = null;
        for (int w = 1; w < slices.Length; w++)
        {
            jobs[w - 1].Done.Wait();
            error ??= jobs[w - 1].Error;
        }
        error?.Throw();
    }

    private sealed class Job<T> : IThreadPoolWorkItem where T : unmanaged, IFloatingPointIeee754<T>
    {
        [ThreadStatic] private static Job<T>[]? s_pool;

        private Problem<T> _problem;
        private Slice _slice;
        private int _open;

        public readonly ManualResetEventSlim Done = new(false);
        public ExceptionDispatchInfo? Error;

        /// <summary>The calling thread's own jobs (a thread never has two forks in flight).</summary>
        public static Job<T>[] Pool(int count)
        {
            if (s_pool is null || s_pool.Length < count)
            {
                var pool = new Job<T>[count];
                for (int i = 0; i < count; i++) pool[i] = s_pool is not null && i < s_pool.Length ? s_pool[i] : new Job<T>();
                s_pool = pool;
            }
            return s_pool;
        }

        public void Open(in Problem<T> problem, Slice slice)
        {
            _problem = problem;
            _slice = slice;
            Error = null;
            Done.Reset();
            Interlocked.Exchange(ref _open, 1); // publishes the fields above before the job can be claimed
        }

        public bool TryClaim() => Interlocked.CompareExchange(ref _open, 0, 1) == 1;

        // A queue entry left over from an earlier fork may run after its job was reopened; it then
        // claims (and correctly computes) the new slice or finds it taken. Either way no work is lost.
        public void Execute()
        {
            if (TryClaim())
                RunClaimed();
        }

        public void RunClaimed()
        {
            try
            {
                Compute(in _problem, _slice);
            }
            catch (Exception e)
            {
                Error = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                Done.Set();
            }
        }
    }
}
