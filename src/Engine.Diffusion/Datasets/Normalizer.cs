namespace Engine.Diffusion;

/// <summary>Per-dimension normalisation of row-major data [n, dim] (Diffuser's normalization.py).</summary>
public abstract class Normalizer
{
    protected Normalizer(int dim) => Dim = dim;

    public int Dim { get; }

    public abstract double[] Normalize(double[] x);
    public abstract double[] Unnormalize(double[] x);

    protected void Check(string op, double[] x)
    {
        if (x.Length % Dim != 0) throw new ArgumentException($"{GetType().Name}.{op}: {x.Length} values are not rows of dimension {Dim}");
    }

    /// <summary>Fits the named kind ("limits" or "gaussian") on rows [n, dim].</summary>
    public static Normalizer Fit(string kind, double[] data, int dim) => kind switch
    {
        "limits" or "LimitsNormalizer" => LimitsNormalizer.Fit(data, dim),
        "gaussian" or "GaussianNormalizer" => GaussianNormalizer.Fit(data, dim),
        _ => throw new ArgumentException($"Normalizer.Fit: unknown kind '{kind}' (limits, gaussian)"),
    };
}
