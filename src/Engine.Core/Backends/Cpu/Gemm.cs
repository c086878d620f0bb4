namespace Engine.Backends.Cpu;

/// <summary>
/// General matrix multiply on managed arrays: C[m, n] = A[m, k] · B[k, n] (+ C when <c>accumulate</c>).
/// A's element (i, p) is <c>a[aOffset + i * aRowStride + p * aColStride]</c>, and likewise for B, so a
/// transposed operand is passed by swapping its strides, never by copying. C is row-major with
/// leading dimension <c>ldc</c>. The result does not depend on the number of threads used.
/// </summary>
/// <remarks>
/// Layout of the implementation (one concern per file):
/// <list type="bullet">
/// <item><c>Gemm.cs</c>: the public entry points, the tuning knobs and the <see cref="Naive{T}"/> oracle.</item>
/// <item><c>Gemm.Driver.cs</c>: argument checks, the choice of thread split and the blocked loop nest.</item>
/// <item><c>Gemm.Packing.cs</c>: copying A and B blocks into contiguous, zero-padded micro-panels.</item>
/// <item><c>Gemm.Kernels.cs</c> / <c>Gemm.Kernels.g.cs</c>: the register-blocked micro-kernels.</item>
/// <item><c>Gemm.Parallel.cs</c>: the allocation-free fork/join used to split work over cores.</item>
/// </list>
/// Determinism: every element of C is produced by the same sequence of floating-point operations
/// (k is always cut into the same KC blocks, each summed in order inside a micro-kernel, the block
/// sums added to C in order) whichever thread computes it and whichever tile it falls in, so the
/// thread count and the split never change a bit of the output.
/// </remarks>
[System.Runtime.CompilerServices.SkipLocalsInit]
internal static partial class Gemm
{
    /// <summary>C = A·B, or C += A·B when <paramref name="accumulate"/> is set (single precision).</summary>
    public static void Multiply(int m, int n, int k,
        float[] a, int aOffset, int aRowStride, int aColStride,
        float[] b, int bOffset, int bRowStride, int bColStride,
        float[] c, int cOffset, int ldc, bool accumulate) =>
        Run(1, m, n, k, a, aOffset, aRowStride, aColStride, 0, b, bOffset, bRowStride, bColStride, 0,
            c, cOffset, ldc, 0, accumulate);

    /// <summary>C = A·B, or C += A·B when <paramref name="accumulate"/> is set (double precision).</summary>
    public static void Multiply(int m, int n, int k,
        double[] a, int aOffset, int aRowStride, int aColStride,
        double[] b, int bOffset, int bRowStride, int bColStride,
        double[] c, int cOffset, int ldc, bool accumulate) =>
        Run(1, m, n, k, a, aOffset, aRowStride, aColStride, 0, b, bOffset, bRowStride, bColStride, 0,
            c, cOffset, ldc, 0, accumulate);

    /// <summary>C = A·B (or += with <paramref name="accumulate"/>) for either precision.</summary>
    internal static void Multiply<T>(int m, int n, int k,
        T[] a, int aOffset, int aRowStride, int aColStride,
        T[] b, int bOffset, int bRowStride, int bColStride,
        T[] c, int cOffset, int ldc, bool accumulate) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        Run(1, m, n, k, a, aOffset, aRowStride, aColStride, 0, b, bOffset, bRowStride, bColStride, 0,
            c, cOffset, ldc, 0, accumulate);

    /// <summary>
    /// Set by a caller that already runs one GEMM per core (the chunked convolution): products on this
    /// thread then stay on it. Speed only; results never depend on the split.
    /// </summary>
    [ThreadStatic] internal static bool SerialOnThisThread;

    /// <summary>
    /// <paramref name="batch"/> independent products: entry e reads A at <c>aOffset + e * aBatchStride</c>,
    /// B at <c>bOffset + e * bBatchStride</c> and writes C at <c>cOffset + e * cBatchStride</c>.
    /// A batch stride of 0 broadcasts that operand (e.g. one weight matrix against many inputs).
    /// Work is split across batch entries and/or tiles; results do not depend on the split.
    /// </summary>
    public static void MultiplyBatched(int batch, int m, int n, int k,
        float[] a, int aOffset, int aRowStride, int aColStride, int aBatchStride,
        float[] b, int bOffset, int bRowStride, int bColStride, int bBatchStride,
        float[] c, int cOffset, int ldc, int cBatchStride, bool accumulate) =>
        Run(batch, m, n, k, a, aOffset, aRowStride, aColStride, aBatchStride, b, bOffset, bRowStride, bColStride,
            bBatchStride, c, cOffset, ldc, cBatchStride, accumulate);

    /// <inheritdoc cref="MultiplyBatched(int, int, int, int, float[], int, int, int, int, float[], int, int, int, int, float[], int, int, int, bool)"/>
    public static void MultiplyBatched(int batch, int m, int n, int k,
        double[] a, int aOffset, int aRowStride, int aColStride, int aBatchStride,
        double[] b, int bOffset, int bRowStride, int bColStride, int bBatchStride,
        double[] c, int cOffset, int ldc, int cBatchStride, bool accumulate) =>
        Run(batch, m, n, k, a, aOffset, aRowStride, aColStride, aBatchStride, b, bOffset, bRowStride, bColStride,
            bBatchStride, c, cOffset, ldc, cBatchStride, accumulate);

    /// <summary>
    /// Threads one large call is split over (default: the processor count; tests set more to exercise
    /// uneven splits). Changing it changes speed only, never results.
    /// </summary>
    internal static int MaxThreads
    {
        get => _maxThreads;
        set => _maxThreads = Math.Max(1, value);
    }

    /// <summary>
    /// Multiply-adds (m·n·k summed over the batch) below which a call stays on the calling thread.
    /// Like <see cref="MaxThreads"/>, it affects speed only.
    /// </summary>
    internal static long ParallelThreshold { get; set; } = 1L << 21;

    /// <summary>
    /// Test hook: on the current thread only, replaces the hardware-selected micro-kernel. Unlike the
    /// knobs above this may change low-order bits (fused vs separate multiply-add).
    /// </summary>
    [ThreadStatic] internal static KernelKind? KernelOverride;

    internal enum KernelKind { Fma512, Fma, Vector, Scalar }

    /// <summary>
    /// Whether to use the 512-bit kernels where AVX-512 exists. Both FMA kernels perform the same
    /// operations per element, so this changes speed only.
    /// </summary>
    internal static bool PreferAvx512 { get; set; } = true;

    private static int _maxThreads = Environment.ProcessorCount;

    /// <summary>The triple loop: the oracle that the fast kernels are tested against.</summary>
    internal static void Naive<T>(int m, int n, int k,
        T[] a, int aOffset, int aRowStride, int aColStride,
        T[] b, int bOffset, int bRowStride, int bColStride,
        T[] c, int cOffset, int ldc, bool accumulate) where T : System.Numerics.IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                T sum = T.Zero;
                for (int p = 0; p < k; p++)
                    sum += a[aOffset + i * aRowStride + p * aColStride] * b[bOffset + p * bRowStride + j * bColStride];
                ref T dst = ref c[cOffset + i * ldc + j];
                dst = accumulate ? dst + sum : sum;
            }
    }
}
