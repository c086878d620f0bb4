using System.Collections.Concurrent;
using ILGPU;
using ILGPU.Runtime;

namespace Engine.Kernels.Runtime;

/// <summary>
/// The kernel library bound to one accelerator. Loading a kernel compiles it (milliseconds on the CPU
/// accelerator, a driver JIT on CUDA), so each (kernel, type arguments) pair is loaded once and the
/// typed launcher delegate reused. The op families hang off it as properties; every launcher validates
/// its arguments on the host first (an out-of-range access in a kernel kills the process on ILGPU's CPU
/// accelerator and corrupts memory on a GPU).
/// </summary>
public sealed class KernelCache : IDisposable
{
    private readonly ConcurrentDictionary<(string, Type?, Type?, Type?), object> _loaded = new();

    /// <summary>Binds the launchers to <paramref name="accelerator"/>; kernels compile on first use.</summary>
    /// <param name="accelerator">The accelerator; the cache does not own it.</param>
    /// <param name="groupSize">Threads per group for 1-D kernels (a power of two, 32…1024); 0 picks 256
    /// capped by the accelerator. Tests pass 32 or 64 to keep ILGPU's CPU simulator fast.</param>
    public KernelCache(Accelerator accelerator, int groupSize = 0)
    {
        Accelerator = accelerator;
        int max = accelerator.MaxNumThreadsPerGroup;
        GroupSize = groupSize == 0 ? Math.Min(256, max) : groupSize;
        if (GroupSize < 1 || (GroupSize & (GroupSize - 1)) != 0 || GroupSize > max || GroupSize > MaxGroupSize)
            throw new ArgumentException($"KernelCache: group size {GroupSize} must be a power of two ≤ min({max}, {MaxGroupSize})");
        // Enough groups to fill the device; grid-stride loops cover any remainder.
        MaxGroups = Math.Max(1, accelerator.NumMultiprocessors * Math.Max(1, accelerator.MaxNumThreadsPerMultiprocessor / GroupSize));
        Elementwise = new Elementwise.ElementwiseLaunchers(this);
        Reduce = new Reduce.ReduceLaunchers(this);
        MatMul = new MatMul.MatMulLaunchers(this);
        Conv = new Conv.ConvLaunchers(this);
        Norm = new Norm.GroupNormLaunchers(this);
        Indexing = new Indexing.IndexLaunchers(this);
        Data = new Data.DataLaunchers(this);
        Random = new Rng.RandomLaunchers(this);
    }

    /// <summary>Upper bound of the shared-memory scratch used by group reductions.</summary>
    public const int MaxGroupSize = 1024;

    /// <summary>The accelerator kernels are loaded on and launched to.</summary>
    public Accelerator Accelerator { get; }
    /// <summary>Threads per group of the 1-D kernels (a power of two).</summary>
    public int GroupSize { get; }
    /// <summary>Groups in a 1-D launch: enough to fill every multiprocessor; grid-stride loops cover larger arrays.</summary>
    public int MaxGroups { get; }

    /// <summary>Unary, binary and where kernels over strided layouts.</summary>
    public Elementwise.ElementwiseLaunchers Elementwise { get; }
    /// <summary>Sum, max and min reductions over any set of axes.</summary>
    public Reduce.ReduceLaunchers Reduce { get; }
    /// <summary>Batched matrix products (cuBLAS for float where available).</summary>
    public MatMul.MatMulLaunchers MatMul { get; }
    /// <summary>1-D convolution, its transpose and im2col/col2im.</summary>
    public Conv.ConvLaunchers Conv { get; }
    /// <summary>Group normalisation forward and backward.</summary>
    public Norm.GroupNormLaunchers Norm { get; }
    /// <summary>Gather and scatter-add along one axis.</summary>
    public Indexing.IndexLaunchers Indexing { get; }
    /// <summary>Fill, strided copy and dtype casts.</summary>
    public Data.DataLaunchers Data { get; }
    /// <summary>Counter-based uniform, normal and integer draws.</summary>
    public Rng.RandomLaunchers Random { get; }

    /// <summary>Number of distinct kernels loaded so far (for tests of the caching).</summary>
    public int LoadedCount => _loaded.Count;

    internal T Get<T>(string name, Func<Accelerator, T> load, Type? t1 = null, Type? t2 = null, Type? t3 = null)
        where T : Delegate =>
        (T)_loaded.GetOrAdd((name, t1, t2, t3), _ => load(Accelerator));

    /// <summary>Releases library handles (cuBLAS); loaded kernels belong to the accelerator and go with it.</summary>
    public void Dispose() => MatMul.Dispose();

    /// <summary>A 1-D grid-stride configuration for <paramref name="n"/> work items.</summary>
    internal KernelConfig Linear(long n)
    {
        long groups = Math.Min((n + GroupSize - 1) / GroupSize, MaxGroups);
        return new KernelConfig((int)Math.Max(1, groups), GroupSize);
    }

    /// <summary>One group per work item (capped; the kernel strides over the rest).</summary>
    internal KernelConfig GroupPerItem(long items) =>
        new((int)Math.Max(1, Math.Min(items, 65535)), GroupSize);
}
