namespace Engine.Diffusion;

/// <summary>Per-dimension normalisation of row-major data [n, dim] (Diffuser's normalization.py).</summary>
public abstract class Normalizer
{
    /// <summary>A normalizer of <paramref name="dim"/>-dimensional rows.</summary>
    protected Normalizer(int dim) => Dim = dim;

    /// <summary>Values per row.</summary>
    public int Dim { get; }

    /// <summary>Normalises row-major <paramref name="x"/> [n, Dim] into a new array.</summary>
    public abstract double[] Normalize(double[] x);
    /// <summary>Inverts <see cref="Normalize"/>: row-major <paramref name="x"/> [n, Dim] into a new array.</summary>
    public abstract double[] Unnormalize(double[] x);

    /// <summary>Throws unless <paramref name="x"/>'s length is a multiple of <see cref="Dim"/>.</summary>
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
