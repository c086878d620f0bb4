using Engine.Kernels.Runtime;
using ILGPU;
using ILGPU.Runtime;

namespace Engine.Kernels.MatMul;

/// <summary>
/// Host side of batched matmul: C[b] (m×n) = A[b] (m×k) · B[b] (k×n) + beta·C[b]. On CUDA with cuBLAS
/// present, row- or column-major operands go to cuBLAS (see <see cref="CuBlasGemm"/>); everything else,
/// and every other accelerator, uses the tiled kernel.
/// </summary>
public sealed class MatMulLaunchers(KernelCache cache) : IDisposable
{
    private CuBlasGemm? _blas;
    private bool _blasProbed;

    /// <summary>Route eligible products through cuBLAS when available (default true).</summary>
    public bool UseCuBlas { get; set; } = true;

    /// <summary>True once cuBLAS was found on this accelerator.</summary>
    public bool CuBlasAvailable => Blas() is not null;

    /// <summary>Float product C[b] = A[b]·B[b] + beta·C[b] for b &lt; batch, through cuBLAS when eligible, else the tiled kernel.</summary>
    /// <param name="batch">Number of products.</param>
    /// <param name="m">Rows of A and C.</param>
    /// <param name="n">Columns of B and C.</param>
    /// <param name="k">Columns of A, rows of B (the summed dimension).</param>
    /// <param name="a">Buffer holding A.</param>
    /// <param name="al">Where A's elements lie in <paramref name="a"/>.</param>
    /// <param name="b">Buffer holding B.</param>
    /// <param name="bl">Where B's elements lie in <paramref name="b"/>.</param>
    /// <param name="c">Buffer of C, written (and read when <paramref name="beta"/> ≠ 0).</param>
    /// <param name="cl">Where C's elements lie in <paramref name="c"/>.</param>
    /// <param name="beta">Weight of C's previous contents; 0 overwrites.</param>
    /// <exception cref="ArgumentException">A size is negative or an operand reaches outside its buffer.</exception>
    public void MatMul(int batch, int m, int n, int k, ArrayView<float> a, MatrixLayout al, ArrayView<float> b, MatrixLayout bl,
        ArrayView<float> c, MatrixLayout cl, float beta = 0f)
    {
        if (!Validate(Name<float>(), batch, m, n, k, a, al, b, bl, c, cl)) return;
        if (UseCuBlas && k > 0 && Blas() is { } blas && blas.TryGemm(batch, m, n, k, a, al, b, bl, c, cl, beta)) return;
        Kernel(batch, m, n, k, a, al, b, bl, c, cl, beta);
    }

    /// <summary>Double-precision product through the tiled kernel (cuBLAS is used for float only).</summary>
    public void MatMul(int batch, int m, int n, int k, ArrayView<double> a, MatrixLayout al, ArrayView<double> b, MatrixLayout bl,
        ArrayView<double> c, MatrixLayout cl, double beta = 0.0)
    {
        if (!Validate(Name<double>(), batch, m, n, k, a, al, b, bl, c, cl)) return;
        Kernel(batch, m, n, k, a, al, b, bl, c, cl, beta);
    }

    /// <summary>
    /// True when a group can hold a Tile × Tile tile (every GPU); false on the bounded CPU simulator, whose
    /// groups are as small as the machine's cores, where the direct kernel runs instead.
    /// </summary>
    public bool TileFits => cache.Accelerator.MaxNumThreadsPerGroup >= MatMulKernels.Tile * MatMulKernels.Tile;

    private static string Name<T>() => $"MatMulTiled<{typeof(T).Name}>";

    /// <summary>The tiled kernel, or the direct one where a group cannot hold a tile; arguments already validated.</summary>
    private void Kernel<T>(int batch, int m, int n, int k, ArrayView<T> a, MatrixLayout al, ArrayView<T> b, MatrixLayout bl,
        ArrayView<T> c, MatrixLayout cl, T beta) where T : unmanaged, System.Numerics.INumber<T>
    {
        if (!TileFits) { Direct(batch, m, n, k, a, al, b, bl, c, cl, beta); return; }
        cache.Get("MatMulTiled", acc => acc.LoadStreamKernel<int, int, int, T, ArrayView<T>, MatrixLayout,
            ArrayView<T>, MatrixLayout, ArrayView<T>, MatrixLayout>(MatMulKernels.MatMulTiled<T>), typeof(T))(
            Grid(batch, m, n), m, n, k, beta, a, al, b, bl, c, cl);
    }

    private void Direct<T>(int batch, int m, int n, int k, ArrayView<T> a, MatrixLayout al, ArrayView<T> b, MatrixLayout bl,
        ArrayView<T> c, MatrixLayout cl, T beta) where T : unmanaged, System.Numerics.INumber<T>
    {
        Check.FitsInt("MatMulDirect", "batch·m·n", (long)batch * m * n);
        cache.Get("MatMulDirect", acc => acc.LoadStreamKernel<int, int, int, int, T, ArrayView<T>, MatrixLayout,
            ArrayView<T>, MatrixLayout, ArrayView<T>, MatrixLayout>(MatMulDirectKernels.MatMulDirect<T>), typeof(T))(
            cache.Linear((long)batch * m * n), batch, m, n, k, beta, a, al, b, bl, c, cl);
    }

    private static KernelConfig Grid(int batch, int m, int n)
    {
        const int t = MatMulKernels.Tile;
        return new KernelConfig(new Index3D((n + t - 1) / t, (m + t - 1) / t, batch), new Index3D(t, t, 1));
    }

    /// <summary>Checks sizes and ranges; false when there is nothing to compute.</summary>
    private bool Validate<T>(string kernel, int batch, int m, int n, int k, ArrayView<T> a, MatrixLayout al, ArrayView<T> b,
        MatrixLayout bl, ArrayView<T> c, MatrixLayout cl) where T : unmanaged
    {
        Check.NonNegative(kernel, "batch", batch);
        Check.NonNegative(kernel, "m", m);
        Check.NonNegative(kernel, "n", n);
        Check.NonNegative(kernel, "k", k);
        Check.That(batch <= 65535, kernel, $"batch {batch} exceeds the grid limit 65535");
        if (batch == 0 || m == 0 || n == 0) return false;
        if (k > 0)
        {
            Range(kernel, "a", a, al.OffsetRange(batch, m, k));
            Range(kernel, "b", b, bl.OffsetRange(batch, k, n));
        }
        Range(kernel, "c", c, cl.OffsetRange(batch, m, n));
        Check.That(cl.Col != 0 && cl.Row != 0 && (batch == 1 || cl.Batch != 0), kernel,
            $"output layout (batch {cl.Batch}, row {cl.Row}, col {cl.Col}) writes one element twice");
        return true;
    }

    private CuBlasGemm? Blas()
    {
        if (!_blasProbed)
        {
            _blasProbed = true;
            _blas = CuBlasGemm.TryCreate(cache.Accelerator);
        }
        return _blas;
    }

    /// <summary>Releases the cuBLAS handle, when one was created.</summary>
    public void Dispose()
    {
        _blas?.Dispose();
        _blas = null;
    }

    private static void Range<T>(string kernel, string name, ArrayView<T> view, (long Min, long Max) r) where T : unmanaged =>
        Check.That(Check.Usable(view) && r.Min >= 0 && r.Max < view.Length, kernel,
            $"{name} touches offsets [{r.Min}, {r.Max}] outside a view of {(Check.Usable(view) ? view.Length : 0)}");
}
