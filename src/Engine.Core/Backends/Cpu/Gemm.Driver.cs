using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Engine.Backends.Cpu;

internal static unsafe partial class Gemm
{
    /// <summary>
    /// Rows of a micro-tile: 8 with AVX-512 (16 accumulators of its 32 registers; channel counts
    /// are multiples of 8, so no edge rows), 6 for the 16-register kernels.
    /// </summary>
    private static int MR(KernelKind kind) => kind == KernelKind.Fma512 ? 8 : 6;

    private const int MaxMR = 8;

    /// <summary>
    /// Cache blocking for one precision: KC is the depth of a packed block (a KC×NR panel of B, 16 KiB
    /// in float, stays in the 48 KiB L1 while the micro-kernel sweeps down A); MC rows of A (MC×KC,
    /// 144 KiB) and NC columns of B (KC×NC, 512 KiB) share the 1 MiB L2. NC is kept small enough for
    /// L2 because with the small m of our convolutions a packed B block is reused only m/MR times, so
    /// fetching it from L3 would not amortise; repacking A per NC block costs 1/NC of the flops.
    /// Mutable only so the tuning probe in Engine.Bench can try other values.
    /// </summary>
    internal struct Blocking
    {
        public int KC, MC, NC;
    }

    internal static Blocking FloatBlocking = new() { KC = 256, MC = 144, NC = 512 };
    internal static Blocking DoubleBlocking = new() { KC = 256, MC = 72, NC = 256 };

    /// <summary>
    /// Depth of a packed block for <typeparamref name="T"/>: a product over k equals, bit for bit, the
    /// same product computed as consecutive calls over k-ranges whose lengths are multiples of this (the
    /// first without, the rest with <c>accumulate</c>), which chunked callers rely on.
    /// </summary>
    internal static int DepthBlock<T>() => Math.Max(1, (typeof(T) == typeof(float) ? FloatBlocking : DoubleBlocking).KC);

    /// <summary>Columns of a micro-tile: two vectors (16 floats / 8 doubles, or twice that with AVX-512).</summary>
    private static int NR<T>(KernelKind kind) where T : unmanaged =>
        kind == KernelKind.Fma512 ? 2 * Vector512<T>.Count : 2 * Vector256<T>.Count;

    /// <summary>Widest tile the element type allows, for sizing scratch space.</summary>
    private const int MaxNR = 32;

    private static Blocking BlockingFor<T>(int mr, int nr)
    {
        Blocking b = typeof(T) == typeof(float) ? FloatBlocking : DoubleBlocking;
        return new Blocking { KC = Math.Max(1, b.KC), MC = Math.Max(1, b.MC / mr) * mr, NC = Math.Max(1, b.NC / nr) * nr };
    }

    /// <summary>Everything a worker needs about one call, with the arrays already pinned.</summary>
    private struct Problem<T> where T : unmanaged
    {
        public T* A, B, C;
        public nint ARow, ACol, ABatch, BRow, BCol, BBatch, Ldc, CBatch;
        public int M, N, K;
        public bool Accumulate;
        public KernelKind Kernel;
        /// <summary>When not null, A already packed by <see cref="PackedA{T}"/>: block (pc, ic) at PackedA + (pc / KC)·PackedStride + ic·kc.</summary>
        public T* PackedA;
        public nint PackedStride;
    }

    /// <summary>The part of a call one thread computes: batch entries [E0, E1), rows [I0, I1), columns [J0, J1).</summary>
    private struct Slice
    {
        public int E0, E1, I0, I1, J0, J1;
    }

    /// <summary>The fastest kernel this machine runs (<see cref="PreferAvx512"/> decides between the FMA widths).</summary>
    private static KernelKind DefaultKernel =>
        Avx512F.IsSupported && PreferAvx512 ? KernelKind.Fma512
        : Fma.IsSupported ? KernelKind.Fma
        : Vector256.IsHardwareAccelerated ? KernelKind.Vector
        : KernelKind.Scalar;

    private static void Run<T>(int batch, int m, int n, int k,
        T[] a, int aOffset, int aRowStride, int aColStride, int aBatchStride,
        T[] b, int bOffset, int bRowStride, int bColStride, int bBatchStride,
        T[] c, int cOffset, int ldc, int cBatchStride, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(c);
        if (batch < 0 || m < 0 || n < 0 || k < 0)
            throw new ArgumentOutOfRangeException(nameof(batch), $"negative extent: batch={batch} m={m} n={n} k={k}");
        if (m > 1 && ldc < n)
            throw new ArgumentOutOfRangeException(nameof(ldc), $"ldc={ldc} < n={n}: rows of C would overlap");
        CheckExtent(nameof(a), a.Length, aOffset, batch, m, k, aBatchStride, aRowStride, aColStride);
        CheckExtent(nameof(b), b.Length, bOffset, batch, k, n, bBatchStride, bRowStride, bColStride);
        CheckExtent(nameof(c), c.Length, cOffset, batch, m, n, cBatchStride, ldc, 1);
        if (batch == 0 || m == 0 || n == 0)
            return;

        fixed (T* pa = a, pb = b, pc = c)
        {
            var p = new Problem<T>
            {
                A = pa + aOffset, B = pb + bOffset, C = pc + cOffset,
                ARow = aRowStride, ACol = aColStride, ABatch = aBatchStride,
                BRow = bRowStride, BCol = bColStride, BBatch = bBatchStride,
                Ldc = ldc, CBatch = cBatchStride,
                M = m, N = n, K = k, Accumulate = accumulate,
                Kernel = KernelOverride ?? DefaultKernel,
            };
            if (k == 0)
            {
                if (!accumulate)
                    for (int e = 0; e < batch; e++)
                        for (int i = 0; i < m; i++)
                            new Span<T>(p.C + e * p.CBatch + i * p.Ldc, n).Clear();
                return;
            }
            Schedule(ref p, batch);
        }
    }

    /// <summary>Throws unless every element an operand's strides can reach lies inside its array.</summary>
    private static void CheckExtent(string name, int length, int offset, int batch, int rows, int cols,
        long batchStride, long rowStride, long colStride)
    {
        if (batch == 0 || rows == 0 || cols == 0)
            return;
        long lo = offset, hi = offset;
        foreach (long step in (ReadOnlySpan<long>)[(batch - 1) * batchStride, (rows - 1) * rowStride, (cols - 1) * colStride])
        {
            if (step < 0) lo += step;
            else hi += step;
        }
        if (lo < 0 || hi >= length)
            throw new ArgumentOutOfRangeException(name,
                $"strides reach elements [{lo}, {hi}] outside the array of length {length}");
    }

    /// <summary>
    /// Picks how many threads to use and how to cut the work. The cut never changes results, so it is
    /// free to follow the shape. Work is over-decomposed (up to <see cref="SlicesPerThread"/> slices
    /// per thread, each at least <see cref="MinSliceWork"/> multiply-adds) and slices are claimed
    /// dynamically, so on a shared machine a preempted thread holds up only a small piece.
    /// </summary>
    private static void Schedule<T>(ref Problem<T> p, int batch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        long entryWork = (long)p.M * p.N * p.K, work = batch * entryWork;
        int threads = work < ParallelThreshold || SerialOnThisThread ? 1 : Math.Max(1, MaxThreads);
        if (threads == 1)
        {
            Compute(in p, new Slice { E0 = 0, E1 = batch, I0 = 0, I1 = p.M, J0 = 0, J1 = p.N });
            return;
        }
        Span<Slice> slices = stackalloc Slice[MaxSlices];

        long cSpan = (p.M - 1) * p.Ldc + p.N;
        bool disjointEntries = Math.Abs(p.CBatch) >= cSpan;
        if (batch > 1 && disjointEntries && (batch >= 2 * threads || batch % threads == 0))
        {
            int parts = Math.Min(batch, SliceCount(work, threads));
            for (int w = 0; w < parts; w++)
                slices[w] = new Slice
                {
                    E0 = (int)((long)batch * w / parts), E1 = (int)((long)batch * (w + 1) / parts),
                    I0 = 0, I1 = p.M, J0 = 0, J1 = p.N,
                };
            Fork(in p, slices[..parts], threads);
            return;
        }

        int perEntry = SliceCount(entryWork, threads);
        for (int e = 0; e < batch; e++)
        {
            int used = SplitTiles(in p, e, slices[..perEntry]);
            if (used == 1)
                Compute(in p, slices[0]);
            else
                Fork(in p, slices[..used], threads);
        }
    }

    private const int SlicesPerThread = 2;
    private const long MinSliceWork = 1L << 21;
    private const int MaxSlices = 64;

    private static int SliceCount(long work, int threads) =>
        (int)Math.Clamp(work / MinSliceWork, Math.Min(threads, MaxSlices), Math.Min((long)threads * SlicesPerThread, MaxSlices));

    /// <summary>
    /// Cuts one product's C into up to <c>slices.Length</c> row (or column) ranges of whole tiles. Each
    /// slice packs its own copy of the other operand, so the cut runs along the dimension whose
    /// operand is cheaper to repack: rows (repacking B, k×n) when m ≥ n, else columns (repacking A).
    /// </summary>
    private static int SplitTiles<T>(in Problem<T> p, int e, Span<Slice> slices) where T : unmanaged
    {
        int nr = NR<T>(p.Kernel), mr = MR(p.Kernel);
        int nTiles = (p.N + nr - 1) / nr, mTiles = (p.M + mr - 1) / mr;
        bool byRows = p.M >= p.N ? mTiles >= slices.Length || mTiles >= nTiles : nTiles < slices.Length && mTiles > nTiles;
        int tiles = byRows ? mTiles : nTiles;
        int parts = Math.Min(slices.Length, tiles);
        int unit = byRows ? mr : nr, extent = byRows ? p.M : p.N;
        for (int w = 0; w < parts; w++)
        {
            int lo = Math.Min(extent, tiles * w / parts * unit), hi = Math.Min(extent, tiles * (w + 1) / parts * unit);
            slices[w] = byRows
                ? new Slice { E0 = e, E1 = e + 1, I0 = lo, I1 = hi, J0 = 0, J1 = p.N }
                : new Slice { E0 = e, E1 = e + 1, I0 = 0, I1 = p.M, J0 = lo, J1 = hi };
        }
        return parts;
    }

    /// <summary>Computes one slice on the current thread: the serial blocked algorithm (BLIS loop order).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Compute<T>(in Problem<T> p, Slice s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int nr = NR<T>(p.Kernel), mr = MR(p.Kernel);
        Blocking blk = BlockingFor<T>(mr, nr);
        int mc = blk.MC, kcBlock = blk.KC, ncBlock = blk.NC;
        int width = s.J1 - s.J0;
        int ncMax = Math.Min(ncBlock, (width + nr - 1) / nr * nr);
        int kcMax = Math.Min(kcBlock, p.K);
        T* packA = PackBuffers<T>.A(mc * kcMax);
        T* packB = PackBuffers<T>.B(kcMax * ncMax);

        for (int e = s.E0; e < s.E1; e++)
        {
            T* a = p.A + e * p.ABatch, b = p.B + e * p.BBatch, c = p.C + e * p.CBatch;
            for (int jc = s.J0; jc < s.J1; jc += ncBlock)
            {
                int nc = Math.Min(ncBlock, s.J1 - jc);
                for (int pc = 0; pc < p.K; pc += kcBlock)
                {
                    int kc = Math.Min(kcBlock, p.K - pc);
                    PackB(b + pc * p.BRow + jc * p.BCol, p.BRow, p.BCol, kc, nc, nr, packB);
                    bool add = p.Accumulate || pc > 0;
                    for (int ic = s.I0; ic < s.I1; ic += mc)
                    {
                        int mcCur = Math.Min(mc, s.I1 - ic);
                        T* ap = packA;
                        if (p.PackedA != null) ap = p.PackedA + pc / kcBlock * p.PackedStride + ic * kc;
                        else PackA(a + ic * p.ARow + pc * p.ACol, p.ARow, p.ACol, mcCur, kc, mr, packA);
                        MacroKernel(p.Kernel, mcCur, nc, kc, ap, packB, c + ic * p.Ldc + jc, p.Ldc, add);
                    }
                }
            }
        }
    }

    /// <summary>Runs the micro-kernel over every mr×nr tile of one packed block pair.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MacroKernel<T>(KernelKind kind, int mc, int nc, int kc, T* packA, T* packB, T* c, nint ldc, bool add)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int nr = NR<T>(kind), mr = MR(kind);
        T* edge = stackalloc T[MaxMR * MaxNR];
        for (int jr = 0; jr < nc; jr += nr)
        {
            int nrCur = Math.Min(nr, nc - jr);
            T* bp = packB + jr * kc;
            for (int ir = 0; ir < mc; ir += mr)
            {
                int mrCur = Math.Min(mr, mc - ir);
                T* ap = packA + ir * kc;
                T* cp = c + ir * ldc + jr;
                if (mrCur == mr && nrCur == nr)
                {
                    MicroKernel(kind, ap, bp, kc, cp, ldc, add);
                    continue;
                }
                // Edge tile: full tile into a scratch block, then the valid part into C with the same
                // operations the full kernel uses (C = acc, or C = C + acc), so edges round identically.
                MicroKernel(kind, ap, bp, kc, edge, nr, false);
                for (int r = 0; r < mrCur; r++)
                {
                    T* src = edge + r * nr, dst = cp + r * ldc;
                    if (add)
                        for (int j = 0; j < nrCur; j++) dst[j] += src[j];
                    else
                        for (int j = 0; j < nrCur; j++) dst[j] = src[j];
                }
            }
        }
    }
}
