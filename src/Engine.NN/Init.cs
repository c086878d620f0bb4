namespace Engine.NN;

/// <summary>
/// PyTorch's default initialisations, so freshly built layers have the same distributions as theirs
/// (the random streams differ; golden tests load PyTorch's weights instead).
/// </summary>
public static class Init
{
    /// <summary>
    /// kaiming_uniform_(a = √5) as used by Linear/Conv reset_parameters: gain = √(2/(1+a²)) = √(1/3),
    /// bound = gain·√(3/fan_in) = 1/√fan_in.
    /// </summary>
    public static Tensor KaimingUniform(Generator g, int[] shape, int fanIn, DType dtype = DType.Float32)
    {
        double bound = fanIn > 0 ? 1.0 / Math.Sqrt(fanIn) : 0;
        return Tensor.Uniform(g, shape, -bound, bound, dtype);
    }

    /// <summary>The bias default: U(−1/√fan_in, 1/√fan_in).</summary>
    public static Tensor BiasUniform(Generator g, int size, int fanIn, DType dtype = DType.Float32)
    {
        double bound = fanIn > 0 ? 1.0 / Math.Sqrt(fanIn) : 0;
        return Tensor.Uniform(g, [size], -bound, bound, dtype);
    }

    /// <summary>
    /// torch.nn.init.orthogonal_: a [rows, cols] matrix with orthonormal rows (rows ≤ cols) or columns
    /// (rows &gt; cols), times <paramref name="gain"/>. Drawn as the Q factor of a Gaussian matrix with
    /// R's diagonal made positive, which makes Q Haar-distributed. Done in float64 by modified
    /// Gram–Schmidt on the longer side's vectors (the sizes here are small: policy and value heads).
    /// </summary>
    public static Tensor Orthogonal(Generator g, int rows, int cols, double gain = 1.0, DType dtype = DType.Float32)
    {
        if (rows <= 0 || cols <= 0) throw new ArgumentException($"Orthogonal: shape must be positive, got [{rows}, {cols}]");
        // Orthonormalise k = min(rows, cols) vectors of length n = max(rows, cols).
        int k = Math.Min(rows, cols), n = Math.Max(rows, cols);
        var a = Tensor.RandN(g, [k, n], DType.Float64).ToArrayDouble();
        for (int i = 0; i < k; i++)
        {
            var vi = a.AsSpan(i * n, n);
            for (int j = 0; j < i; j++)
            {
                var vj = a.AsSpan(j * n, n);
                double dot = 0;
                for (int t = 0; t < n; t++) dot += vi[t] * vj[t];
                for (int t = 0; t < n; t++) vi[t] -= dot * vj[t];
            }
            double norm = 0;
            for (int t = 0; t < n; t++) norm += vi[t] * vi[t];
            norm = Math.Sqrt(norm);
            if (norm < 1e-12) throw new InvalidOperationException("Orthogonal: degenerate Gaussian draw");
            for (int t = 0; t < n; t++) vi[t] /= norm;
        }
        var w = new double[rows * cols];
        for (int i = 0; i < k; i++)
            for (int t = 0; t < n; t++)
            {
                // rows ≤ cols: vector i is row i; otherwise it is column i.
                if (rows <= cols) w[i * cols + t] = gain * a[i * n + t];
                else w[t * cols + i] = gain * a[i * n + t];
            }
        return Tensor.FromArray(w, rows, cols).Cast(dtype);
    }
}
