using System.Numerics;
using ILGPU;

namespace Engine.Kernels.MatMul;

/// <summary>
/// C[b] = A[b] · B[b] (+ beta·C[b]) with one thread per output element and no shared memory, for
/// accelerators whose groups are smaller than a 16×16 tile: the bounded CPU simulator
/// (<see cref="Devices.IlgpuDevices.BoundedCpu"/>). Each thread sums k in ascending order from zero, exactly
/// as the tiled kernel does (whose zero padding adds +0), so both give the same bits.
/// Written once over <see cref="INumber{TSelf}"/>: ILGPU 1.5.3 compiles the static abstract operators
/// for float and double, to PTX as well (PtxCompileTests instantiates it for float, double and int).
/// </summary>
public static class MatMulDirectKernels
{
    /// <summary>C[b] (m×n) = A[b] (m×k) · B[b] (k×n) + beta·C[b]; a 1-D grid-stride loop over batch·m·n outputs.</summary>
    [KernelEntry]
    public static void MatMulDirect<T>(int batch, int m, int n, int k, T beta, ArrayView<T> a, MatrixLayout al,
        ArrayView<T> b, MatrixLayout bl, ArrayView<T> c, MatrixLayout cl) where T : unmanaged, INumber<T>
    {
        int total = batch * m * n;
        int step = Grid.DimX * Group.DimX;
        for (int i = Grid.IdxX * Group.DimX + Group.IdxX; i < total; i += step)
        {
            int col = i % n, rest = i / n;
            int row = rest % m, bt = rest / m;
            T sum = T.Zero;
            for (int t = 0; t < k; t++)
                sum += a[al.At(bt, row, t)] * b[bl.At(bt, t, col)];
            int at = cl.At(bt, row, col);
            c[at] = beta == T.Zero ? sum : sum + beta * c[at];
        }
    }
}
