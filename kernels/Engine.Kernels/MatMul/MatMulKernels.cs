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

    /// <summary>C[b] (m×n) = A[b] (m×k) · B[b] (k×n) + beta·C[b] in float32; one thread per output element.</summary>
    [KernelEntry]
    public static void MatMulTiledF(int m, int n, int k, float beta, ArrayView<float> a, MatrixLayout al,
        ArrayView<float> b, MatrixLayout bl, ArrayView<float> c, MatrixLayout cl)
    {
        var aTile = SharedMemory.Allocate<float>(Tile * Tile);
        var bTile = SharedMemory.Allocate<float>(Tile * Tile);
        int tx = Group.IdxX, ty = Group.IdxY, batch = Grid.IdxZ;
        int row = Grid.IdxY * Tile + ty, col = Grid.IdxX * Tile + tx;
        float sum = 0f;
        for (int t0 = 0; t0 < k; t0 += Tile)
        {
            aTile[ty * Tile + tx] = row < m && t0 + tx < k ? a[al.At(batch, row, t0 + tx)] : 0f;
            bTile[ty * Tile + tx] = col < n && t0 + ty < k ? b[bl.At(batch, t0 + ty, col)] : 0f;
            Group.Barrier();
            for (int t = 0; t < Tile; t++)
                sum += aTile[ty * Tile + t] * bTile[t * Tile + tx];
            Group.Barrier();
        }
        if (row < m && col < n)
        {
            int at = cl.At(batch, row, col);
            c[at] = beta == 0f ? sum : sum + beta * c[at];
        }
    }

    /// <summary>C[b] (m×n) = A[b] (m×k) · B[b] (k×n) + beta·C[b] in float64; one thread per output element.</summary>
    [KernelEntry]
    public static void MatMulTiledD(int m, int n, int k, double beta, ArrayView<double> a, MatrixLayout al,
        ArrayView<double> b, MatrixLayout bl, ArrayView<double> c, MatrixLayout cl)
    {
        var aTile = SharedMemory.Allocate<double>(Tile * Tile);
        var bTile = SharedMemory.Allocate<double>(Tile * Tile);
        int tx = Group.IdxX, ty = Group.IdxY, batch = Grid.IdxZ;
        int row = Grid.IdxY * Tile + ty, col = Grid.IdxX * Tile + tx;
        double sum = 0.0;
        for (int t0 = 0; t0 < k; t0 += Tile)
        {
            aTile[ty * Tile + tx] = row < m && t0 + tx < k ? a[al.At(batch, row, t0 + tx)] : 0.0;
            bTile[ty * Tile + tx] = col < n && t0 + ty < k ? b[bl.At(batch, t0 + ty, col)] : 0.0;
            Group.Barrier();
            for (int t = 0; t < Tile; t++)
                sum += aTile[ty * Tile + t] * bTile[t * Tile + tx];
            Group.Barrier();
        }
        if (row < m && col < n)
        {
            int at = cl.At(batch, row, col);
            c[at] = beta == 0.0 ? sum : sum + beta * c[at];
        }
    }
}
