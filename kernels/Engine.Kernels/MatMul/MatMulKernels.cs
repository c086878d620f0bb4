using System.Numerics;
using ILGPU;

namespace Engine.Kernels.MatMul;

/// <summary>
/// C[b] = A[b] · B[b] (+ beta·C[b]) with 16×16 shared-memory tiles: each group stages a tile of A and
/// of B, then every thread accumulates one output over the tile. Grid (N tiles, M tiles, batch).
/// The sum runs over k in ascending order in every thread, so results do not depend on the grid.
/// </summary>
public static class MatMulKernels
{
    /// <summary>Side of the square tiles staged in shared memory, and of a thread group (Tile × Tile threads).</summary>
    public const int Tile = 16;

    /// <summary>
    /// C[b] (m×n) = A[b] (m×k) · B[b] (k×n) + beta·C[b]; one thread per output element. One kernel for float and
    /// double (it was a twin); shared memory holds T.
    /// </summary>
    [KernelEntry]
    public static void MatMulTiled<T>(int m, int n, int k, T beta, ArrayView<T> a, MatrixLayout al,
        ArrayView<T> b, MatrixLayout bl, ArrayView<T> c, MatrixLayout cl) where T : unmanaged, INumber<T>
    {
        var aTile = SharedMemory.Allocate<T>(Tile * Tile);
        var bTile = SharedMemory.Allocate<T>(Tile * Tile);
        int tx = Group.IdxX, ty = Group.IdxY, batch = Grid.IdxZ;
        int row = Grid.IdxY * Tile + ty, col = Grid.IdxX * Tile + tx;
        T sum = T.Zero;
        for (int t0 = 0; t0 < k; t0 += Tile)
        {
            aTile[ty * Tile + tx] = row < m && t0 + tx < k ? a[al.At(batch, row, t0 + tx)] : T.Zero;
            bTile[ty * Tile + tx] = col < n && t0 + ty < k ? b[bl.At(batch, t0 + ty, col)] : T.Zero;
            Group.Barrier();
            for (int t = 0; t < Tile; t++)
                sum += aTile[ty * Tile + t] * bTile[t * Tile + tx];
            Group.Barrier();
        }
        if (row < m && col < n)
        {
            int at = cl.At(batch, row, col);
            c[at] = beta == T.Zero ? sum : sum + beta * c[at];
        }
    }
}
