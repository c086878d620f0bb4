namespace Engine.Diffusion;

/// <summary>
/// n(x) = 2(x − min)/(max − min) − 1 per dimension. Unnormalize clips the whole array to [−1, 1] first if any
/// element lies outside [−1−1e−4, 1+1e−4] (as Diffuser), then x = (n+1)/2·(max − min) + min.
/// A constant dimension (max = min) uses a range of 1 instead of dividing by zero (maps to −1).
/// </summary>
public sealed class LimitsNormalizer : Normalizer
{
    /// <summary>n(x) = 2(x − min)/(max − min) − 1 per dimension.</summary>
    public LimitsNormalizer(double[] mins, double[] maxs) : base(mins.Length)
    {
        if (mins.Length != maxs.Length) throw new ArgumentException("LimitsNormalizer: mins and maxs differ in length");
        Mins = (double[])mins.Clone(); Maxs = (double[])maxs.Clone();
    }

    /// <summary>Per-dimension minima.</summary>
    public double[] Mins { get; }
    /// <summary>Per-dimension maxima.</summary>
    public double[] Maxs { get; }

    private double Range(int d) => Maxs[d] > Mins[d] ? Maxs[d] - Mins[d] : 1.0;

    /// <summary>Fits minima and maxima of row-major <paramref name="data"/> [n, dim].</summary>
    public static LimitsNormalizer Fit(double[] data, int dim)
    {
        if (dim <= 0 || data.Length == 0 || data.Length % dim != 0) throw new ArgumentException($"LimitsNormalizer.Fit: need rows of dimension {dim}, got {data.Length} values");
        var mins = Enumerable.Repeat(double.PositiveInfinity, dim).ToArray();
        var maxs = Enumerable.Repeat(double.NegativeInfinity, dim).ToArray();
        for (int i = 0; i < data.Length; i++)
        {
            int d = i % dim;
            mins[d] = Math.Min(mins[d], data[i]);
            maxs[d] = Math.Max(maxs[d], data[i]);
        }
        return new LimitsNormalizer(mins, maxs);
    }

    /// <inheritdoc/>
    public override double[] Normalize(double[] x)
    {
        Check(nameof(Normalize), x);
        var y = new double[x.Length];
        for (int i = 0; i < x.Length; i++) { int d = i % Dim; y[i] = 2 * (x[i] - Mins[d]) / Range(d) - 1; }
        return y;
    }

    /// <inheritdoc/>
    public override double[] Unnormalize(double[] x)
    {
        Check(nameof(Unnormalize), x);
        const double eps = 1e-4;
        bool clip = x.Any(v => v > 1 + eps || v < -1 - eps);
        var y = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            int d = i % Dim;
            double n = clip ? Math.Clamp(x[i], -1, 1) : x[i];
            y[i] = (n + 1) / 2 * Range(d) + Mins[d];
        }
        return y;
    }
}
