namespace Engine.Theory.Tests.Support;

/// <summary>Points as host rows (double[][]) ↔ a Float64 engine tensor of shape [rows, cols].</summary>
public static class TensorRows
{
    public static Tensor ToTensor(double[][] rows) =>
        Tensor.FromArray(rows.SelectMany(r => r).ToArray(), rows.Length, rows[0].Length);

    public static double[][] FromFlat(double[] flat, int rows, int cols) =>
        Enumerable.Range(0, rows).Select(r => flat.AsSpan(r * cols, cols).ToArray()).ToArray();
}
