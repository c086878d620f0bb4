using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace Engine.Kernels.MatMul;

/// <summary>
/// cuBLAS SGEMM for operands stored row- or column-major (unit stride on one axis). cuBLAS is column-major,
/// so a row-major C = A·B is computed as Cᵀ = Bᵀ·Aᵀ: the same memory, read with swapped roles. ILGPU's
/// wrapper has no batched GEMM, so batches are a loop of launches on the accelerator's default stream.
/// Untested without a GPU: `bench/gpu-check.sh` checks it against the tiled kernel.
/// </summary>
internal sealed class CuBlasGemm : IDisposable
{
    private readonly CuBlas _blas;

    private CuBlasGemm(CuBlas blas) => _blas = blas;

    /// <summary>cuBLAS for a CUDA accelerator, or null (not CUDA, or no libcublas.so.10–13 found).</summary>
    public static CuBlasGemm? TryCreate(Accelerator accelerator)
    {
        if (accelerator is not CudaAccelerator cuda) return null;
        try
        {
            var blas = new CuBlas(cuda) { Stream = (CudaStream)cuda.DefaultStream };
            return new CuBlasGemm(blas);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or CuBlasException or TypeInitializationException)
        {
            return null;
        }
    }

    public bool TryGemm(int batch, int m, int n, int k, ArrayView<float> a, MatrixLayout al, ArrayView<float> b, MatrixLayout bl,
        ArrayView<float> c, MatrixLayout cl, float beta)
    {
        // C must be row-major with a leading dimension ≥ n; A and B need one unit-stride axis.
        if (cl.Col != 1 || cl.Row < n) return false;
        if (!Operand(bl, k, n, out var opB, out int ldb) || !Operand(al, m, k, out var opA, out int lda)) return false;
        for (int i = 0; i < batch; i++)
        {
            long ao = al.Base + (long)i * al.Batch, bo = bl.Base + (long)i * bl.Batch, co = cl.Base + (long)i * cl.Batch;
            _blas.Gemm(opB, opA, n, m, k, 1f, b.SubView(bo, b.Length - bo), ldb, a.SubView(ao, a.Length - ao), lda,
                beta, c.SubView(co, c.Length - co), cl.Row);
        }
        return true;
    }

    /// <summary>How cuBLAS reads an operand X (rows×cols, row-major semantics) as the transposed factor.</summary>
    private static bool Operand(MatrixLayout l, int rows, int cols, out CuBlasOperation op, out int ld)
    {
        if (l.Col == 1 && l.Row >= Math.Max(1, cols)) { op = CuBlasOperation.NonTranspose; ld = Math.Max(1, l.Row); return true; }
        if (l.Row == 1 && l.Col >= Math.Max(1, rows)) { op = CuBlasOperation.Transpose; ld = Math.Max(1, l.Col); return true; }
        op = default; ld = 0;
        return false;
    }

    public void Dispose() => _blas.Dispose();
}
