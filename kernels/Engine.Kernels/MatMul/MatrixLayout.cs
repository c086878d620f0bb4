namespace Engine.Kernels.MatMul;

/// <summary>
/// A batch of matrices in a flat buffer: element (b, r, c) lies at Base + b·Batch + r·Row + c·Col.
/// A transposed operand swaps Row and Col; a broadcast operand has Batch = 0.
/// </summary>
/// <param name="baseOffset">Offset of element (0, 0, 0), in elements.</param>
/// <param name="batch">Stride between matrices (0 broadcasts one matrix).</param>
/// <param name="row">Stride between rows.</param>
/// <param name="col">Stride between columns.</param>
public readonly struct MatrixLayout(int baseOffset, int batch, int row, int col)
{
    /// <summary>Offset of element (0, 0, 0); strides between matrices, rows and columns, in elements.</summary>
    public readonly int Base = baseOffset, Batch = batch, Row = row, Col = col;

    /// <summary>Offset of element (<paramref name="b"/>, <paramref name="r"/>, <paramref name="c"/>): Base + b·Batch + r·Row + c·Col.</summary>
    public int At(int b, int r, int c) => Base + b * Batch + r * Row + c * Col;

    /// <summary>Row-major [batch, rows, cols], every matrix its own.</summary>
    public static MatrixLayout RowMajor(int rows, int cols, int baseOffset = 0) => new(baseOffset, rows * cols, cols, 1);

    /// <summary>The transpose of a row-major [rows, cols] batch: reads it as [cols, rows].</summary>
    public static MatrixLayout Transposed(int rows, int cols, int baseOffset = 0) => new(baseOffset, rows * cols, 1, cols);

    /// <summary>The same matrix for every batch entry.</summary>
    public MatrixLayout Broadcast() => new(Base, 0, Row, Col);

    /// <summary>Smallest and largest offsets of a [batch, rows, cols] read (host).</summary>
    public (long Min, long Max) OffsetRange(int batch, int rows, int cols)
    {
        long lo = Base, hi = Base;
        foreach (long span in new[] { (long)(batch - 1) * Batch, (long)(rows - 1) * Row, (long)(cols - 1) * Col })
            if (span > 0) hi += span; else lo += span;
        return (lo, hi);
    }
}
