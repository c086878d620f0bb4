namespace Engine.Theory.Tests.Support;

/// <summary>Points as host rows (double[][]) ↔ a Float64 engine tensor of shape [rows, cols].</summary>
public static class TensorRows
{
    public static Tensor ToTensor(double[][] rows) =>
        Tensor.FromArray(rows.SelectMany(r => r).ToArray(), rows.Length, rows[0].Length);

    public static double[][] FromFlat(double[] flat, int rows, int cols) =>
        Enumerable.Range(0, rows).Select(r => flat.AsSpan(r * cols, cols).ToArray()).ToArray();

    /// <summary>
    /// A closed-form network on the host: x: [batch, …] (float64), t: [batch] (int steps) → f applied to each sample
    /// flattened, reshaped back to x's shape. Not differentiable; used as a denoiser the sampler calls.
    /// </summary>
    public static Tensor MapSamples(Tensor x, Tensor t, Func<double[], int, double[]> f)
    {
        int batch = x.Shape[0], d = (int)(x.Numel / batch);
        var steps = t.Cast(DType.Float64).ToArrayDouble();
        var rows = FromFlat(x.ToArrayDouble(), batch, d);
        var output = rows.SelectMany((row, b) => f(row, (int)steps[b])).ToArray();
        return Tensor.FromArray(output, x.Shape);
    }
}
