using System.Numerics;
using Engine.Kernels.Scalar;

namespace Engine.Backends.Cpu;

/// <summary>
/// The managed CPU backend: SIMD through TensorPrimitives and the packed GEMM, all cores where the
/// work pays for it. It is also the reference that every other backend is tested against.
/// Floating-point results are identical from run to run and independent of the thread count.
/// </summary>
public sealed partial class CpuBackend : IBackend
{
    /// <summary>The one CPU backend (it holds the process-wide storage pool).</summary>
    public static readonly CpuBackend Instance = new();

    private CpuBackend() { }

    /// <inheritdoc/>
    public string Name => "cpu";

    /// <inheritdoc/>
    public Storage Allocate(DType dtype, long length) => Rent(dtype, length, zero: true);

    /// <summary>Arbitrary contents: for ops that overwrite every element (most op outputs). Reuses pooled arrays.</summary>
    public Storage AllocateUninitialized(DType dtype, long length) => Rent(dtype, length, zero: false);

    private CpuStorage Rent(DType dtype, long length, bool zero) => new(this, dtype switch
    {
        DType.Float32 => CpuArrayPool.Rent<float>(checked((int)length), zero),
        DType.Float64 => CpuArrayPool.Rent<double>(checked((int)length), zero),
        DType.Int32 => CpuArrayPool.Rent<int>(checked((int)length), zero),
        DType.Int64 => CpuArrayPool.Rent<long>(checked((int)length), zero),
        _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
    }, dtype);

    /// <summary>Bytes of released CPU storage currently kept for reuse.</summary>
    public static long PooledBytes => CpuArrayPool.PooledBytes;

    /// <summary>Upper bound on the bytes kept for reuse (0 turns pooling off); default 4 GiB or ENGINE_CPU_POOL_MB.</summary>
    public static long PoolLimitBytes { get => CpuArrayPool.MaxBytes; set => CpuArrayPool.MaxBytes = value; }

    /// <summary>Lets the GC have every array kept for reuse.</summary>
    public static void TrimPool() => CpuArrayPool.Trim();

    /// <inheritdoc/>
    public Storage FromHost(Array data) => data switch
    {
        float[] f => new CpuStorage(this, PooledCopy(f), DType.Float32),
        double[] d => new CpuStorage(this, PooledCopy(d), DType.Float64),
        int[] i => new CpuStorage(this, PooledCopy(i), DType.Int32),
        long[] l => new CpuStorage(this, PooledCopy(l), DType.Int64),
        _ => throw new ArgumentException($"FromHost: unsupported array type {data.GetType().Name}; use float[], double[], int[] or long[]"),
    };

    /// <summary>
    /// A copy in pooled memory: host data uploaded every step (batches, conditions) then reuses the arrays of
    /// the previous step, and a disposed upload does not add a never-rented array to the pool.
    /// </summary>
    private static T[] PooledCopy<T>(T[] source) where T : unmanaged
    {
        var copy = CpuArrayPool.Rent<T>(source.Length, zero: false);
        source.AsSpan().CopyTo(copy);
        return copy;
    }

    /// <summary>Wraps an array without copying; the caller hands over ownership.</summary>
    internal Storage Adopt(Array data, DType dtype) => new CpuStorage(this, data, dtype);

    /// <inheritdoc/>
    public void ToHost(Storage source, Array destination) => Array.Copy(Data(source), destination, source.Length);

    internal static Array Data(Storage s) => ((CpuStorage)s).Data;

    internal static T[] Data<T>(Storage s) => ((CpuStorage)s).As<T>();

    /// <inheritdoc/>
    public void Fill(View dst, double value)
    {
        switch (dst.Storage.DType)
        {
            case DType.Float32: Strided.ForEachRun(dst.Shape, [dst.Strides], [dst.Offset], new FillRun<float>(Data<float>(dst.Storage), (float)value)); break;
            case DType.Float64: Strided.ForEachRun(dst.Shape, [dst.Strides], [dst.Offset], new FillRun<double>(Data<double>(dst.Storage), value)); break;
            case DType.Int32: Strided.ForEachRun(dst.Shape, [dst.Strides], [dst.Offset], new FillRun<int>(Data<int>(dst.Storage), checked((int)value))); break;
            case DType.Int64: Strided.ForEachRun(dst.Shape, [dst.Strides], [dst.Offset], new FillRun<long>(Data<long>(dst.Storage), checked((long)value))); break;
            default: throw new ArgumentOutOfRangeException(nameof(dst), $"fill: unsupported dtype {dst.Storage.DType}");
        }
    }

    /// <inheritdoc/>
    public void Copy(View src, View dst)
    {
        switch (src.Storage.DType)
        {
            case DType.Float32: CopyFrom<float>(src, dst); break;
            case DType.Float64: CopyFrom<double>(src, dst); break;
            case DType.Int32: CopyFrom<int>(src, dst); break;
            case DType.Int64: CopyFrom<long>(src, dst); break;
            default: throw new ArgumentOutOfRangeException(nameof(src), $"copy: unsupported dtype {src.Storage.DType}");
        }
    }

    // Two generic steps instead of one case per (source, destination) pair: every pair of the four dtypes
    // is a cast (Generic.Convert says how each one rounds or range-checks).
    private static void CopyFrom<TSrc>(View src, View dst) where TSrc : unmanaged
    {
        switch (dst.Storage.DType)
        {
            case DType.Float32: CopyRuns<TSrc, float>(src, dst); break;
            case DType.Float64: CopyRuns<TSrc, double>(src, dst); break;
            case DType.Int32: CopyRuns<TSrc, int>(src, dst); break;
            case DType.Int64: CopyRuns<TSrc, long>(src, dst); break;
            default: throw new ArgumentOutOfRangeException(nameof(dst), $"copy: unsupported dtype {dst.Storage.DType}");
        }
    }

    private static void CopyRuns<TSrc, TDst>(View src, View dst) where TSrc : unmanaged where TDst : unmanaged =>
        Strided.ForEachRun(src.Shape, [src.Strides, dst.Strides], [src.Offset, dst.Offset], new CopyRun<TSrc, TDst>(Data<TSrc>(src.Storage), Data<TDst>(dst.Storage)));

    /// <inheritdoc/>
    public void Unary<TOp>(TOp op, View x, View dst) where TOp : struct, IUnaryFunctor
    {
        if (x.Storage.DType == DType.Float32) UnaryT<TOp, float>(op, x, dst);
        else UnaryT<TOp, double>(op, x, dst);
    }

    private static void UnaryT<TOp, T>(TOp op, View x, View dst) where TOp : struct, IUnaryFunctor where T : unmanaged, IFloatingPointIeee754<T> =>
        Strided.ForEachRun(x.Shape, [x.Strides, dst.Strides], [x.Offset, dst.Offset], new UnaryRun<TOp, T>(op, Data<T>(x.Storage), Data<T>(dst.Storage)));

    /// <inheritdoc/>
    public void Binary<TOp>(TOp op, View a, View b, View dst) where TOp : struct, IBinaryFunctor
    {
        if (a.Storage.DType == DType.Float32) BinaryT<TOp, float>(op, a, b, dst);
        else BinaryT<TOp, double>(op, a, b, dst);
    }

    private static void BinaryT<TOp, T>(TOp op, View a, View b, View dst) where TOp : struct, IBinaryFunctor where T : unmanaged, IFloatingPointIeee754<T>
    {
        var run = new BinaryRun<TOp, T>(op, Data<T>(a.Storage), Data<T>(b.Storage), Data<T>(dst.Storage));
        if (TryRowBroadcast(a, b, dst, run)) return;
        Strided.ForEachRun(dst.Shape, [a.Strides, b.Strides, dst.Strides], [a.Offset, b.Offset, dst.Offset], run);
    }

    /// <summary>
    /// a and dst contiguous, b one value per row broadcast along the last axis (a per-channel time
    /// embedding added to [batch, channels, horizon]): the rows are walked directly, each one run of the
    /// same kernel the generic walk would call, so the same bits without its per-run stepping, which
    /// cost three times the add itself on 16-element rows.
    /// </summary>
    private static bool TryRowBroadcast<TKernel>(View a, View b, View dst, TKernel run) where TKernel : struct, IRunKernel
    {
        int rank = dst.Rank;
        if (rank < 2 || b.Strides[rank - 1] != 0 || !a.IsContiguous || !dst.IsContiguous) return false;
        int length = dst.Shape[rank - 1];
        if (length < 2) return false;
        // b must address row r at b.Offset + r (a contiguous [..., 1] tensor expanded along the last axis).
        long expected = 1;
        for (int d = rank - 2; d >= 0; d--)
        {
            if (dst.Shape[d] != 1 && b.Strides[d] != expected) return false;
            expected *= dst.Shape[d];
        }
        int rows = (int)(dst.Numel / length), ao = a.Offset, bo = b.Offset, zo = dst.Offset;
        void Rows(int lo, int hi)
        {
            Span<int> offsets = stackalloc int[3];
            ReadOnlySpan<int> strides = [1, 0, 1];
            for (int r = lo; r < hi; r++)
            {
                offsets[0] = ao + r * length;
                offsets[1] = bo + r;
                offsets[2] = zo + r * length;
                run.Run(offsets, strides, length);
            }
        }
        ForRanges(rows, dst.Numel < Strided.ParallelThreshold ? 1 : rows, Rows);
        return true;
    }

    /// <summary>
    /// body(lo, hi) over [0, n) as up to <paramref name="chunks"/> contiguous ranges, one per core (at
    /// most the processor count and n); a single call when that leaves fewer than two.
    /// </summary>
    internal static void ForRanges(int n, int chunks, Action<int, int> body)
    {
        chunks = Math.Min(Math.Min(chunks, Environment.ProcessorCount), n);
        if (chunks < 2)
        {
            body(0, n);
            return;
        }
        Parallel.For(0, chunks, c => body((int)((long)n * c / chunks), (int)((long)n * (c + 1) / chunks)));
    }

    /// <inheritdoc/>
    public void Where(View cond, View a, View b, View dst)
    {
        if (a.Storage.DType == DType.Float32) WhereT<float>(cond, a, b, dst);
        else WhereT<double>(cond, a, b, dst);
    }

    private static void WhereT<T>(View c, View a, View b, View dst) where T : unmanaged, IFloatingPointIeee754<T> =>
        Strided.ForEachRun(dst.Shape, [c.Strides, a.Strides, b.Strides, dst.Strides], [c.Offset, a.Offset, b.Offset, dst.Offset],
            new WhereRun<T>(Data<T>(c.Storage), Data<T>(a.Storage), Data<T>(b.Storage), Data<T>(dst.Storage)));
}
