namespace Engine.Diffusion;

/// <summary>n(x) = (x − mean)/std per dimension, std the population (ddof = 0) deviation; a zero std is replaced by 1.</summary>
public sealed class GaussianNormalizer : Normalizer
{
    /// <summary>n(x) = (x − mean)/std per dimension.</summary>
    public GaussianNormalizer(double[] means, double[] stds) : base(means.Length)
    {
        if (means.Length != stds.Length) throw new ArgumentException("GaussianNormalizer: means and stds differ in length");
        Means = (double[])means.Clone(); Stds = stds.Select(s => s > 0 ? s : 1.0).ToArray();
    }

    /// <summary>Per-dimension means.</summary>
    public double[] Means { get; }
    /// <summary>Per-dimension population standard deviations.</summary>
    public double[] Stds { get; }

    /// <summary>Fits means and population stds of row-major <paramref name="data"/> [n, dim].</summary>
    public static GaussianNormalizer Fit(double[] data, int dim)
    {
        if (dim <= 0 || data.Length == 0 || data.Length % dim != 0) throw new ArgumentException($"GaussianNormalizer.Fit: need rows of dimension {dim}, got {data.Length} values");
        int n = data.Length / dim;
        var mean = new double[dim];
        var sq = new double[dim];
        for (int i = 0; i < data.Length; i++) mean[i % dim] += data[i] / n;
        for (int i = 0; i < data.Length; i++) { double c = data[i] - mean[i % dim]; sq[i % dim] += c * c / n; }
        return new GaussianNormalizer(mean, sq.Select(Math.Sqrt).ToArray());
    }

    /// <inheritdoc/>
    public override double[] Normalize(double[] x)
    {
        Check(nameof(Normalize), x);
        var y = new double[x.Length];
        for (int i = 0; i < x.Length; i++) y[i] = (x[i] - Means[i % Dim]) / Stds[i % Dim];
        return y;
    }

    /// <inheritdoc/>
    public override double[] Unnormalize(double[] x)
    {
        Check(nameof(Unnormalize), x);
        var y = new double[x.Length];
        for (int i = 0; i < x.Length; i++) y[i] = x[i] * Stds[i % Dim] + Means[i % Dim];
        return y;
    }
}
