namespace Engine.NN;

/// <summary>
/// Diffuser's SinusoidalPosEmb(dim): half = dim/2, f_k = exp(−k·ln(10000)/(half−1)); t: [batch] (integer
/// steps, used un-normalised) → [batch, dim] = [sin(t·f), cos(t·f)] (sines first). No parameters.
/// </summary>
public sealed class SinusoidalPosEmb : Layer
{
    /// <summary>An embedding of size <paramref name="dim"/> (even, ≥ 4).</summary>
    public SinusoidalPosEmb(int dim)
    {
        if (dim < 4 || dim % 2 != 0) throw new ArgumentException($"SinusoidalPosEmb: dim must be even and ≥ 4, got {dim}");
        Dim = dim;
    }

    /// <summary>The embedding size.</summary>
    public int Dim { get; }

    /// <summary>The embedding of <paramref name="t"/> [batch] in <paramref name="dtype"/>.</summary>
    public Tensor Forward(Tensor t, DType dtype)
    {
        if (t.Rank != 1) throw new ArgumentException($"SinusoidalPosEmb({Dim}): t must be [batch], got {ShapeFormat.Of(t)}");
        int half = Dim / 2;
        double scale = Math.Log(10000.0) / (half - 1);
        var freqs = new double[half];
        for (int k = 0; k < half; k++) freqs[k] = Math.Exp(-k * scale);
        var f = Tensor.FromHost(dtype == DType.Float64 ? freqs : freqs.Select(v => (float)v).ToArray(), [1, half], t.Backend);
        var arg = t.Cast(dtype).Unsqueeze(1) * f;
        return Tensor.Concat([arg.Sin(), arg.Cos()], 1);
    }

    /// <summary>t in float32 unless it is already float64.</summary>
    public override Tensor Forward(Tensor t) => Forward(t, t.DType == DType.Float64 ? DType.Float64 : DType.Float32);
}
