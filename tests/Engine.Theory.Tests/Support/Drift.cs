namespace Engine.Theory.Tests.Support;

/// <summary>A time-dependent vector field f : ℝⁿ × [0, T] → ℝⁿ, the drift of an Itô SDE.</summary>
public interface IDrift
{
    int Dimension { get; }

    /// <summary>Writes f(x, t) into <paramref name="result"/>.</summary>
    void Evaluate(ReadOnlySpan<double> x, double t, Span<double> result);
}

/// <summary>Pointwise sum and difference of drifts, evaluated exactly as written (no simplification).</summary>
public sealed class DriftSum(IDrift left, IDrift right, double rightSign) : IDrift
{
    public int Dimension => left.Dimension;

    public void Evaluate(ReadOnlySpan<double> x, double t, Span<double> result)
    {
        Span<double> r = stackalloc double[Dimension];
        left.Evaluate(x, t, result);
        right.Evaluate(x, t, r);
        for (int i = 0; i < result.Length; i++) result[i] += rightSign * r[i];
    }

    public static IDrift Plus(IDrift a, IDrift b) => new DriftSum(a, b, +1.0);

    public static IDrift Minus(IDrift a, IDrift b) => new DriftSum(a, b, -1.0);
}

/// <summary>f(x, t) = A x + a t + c: globally Lipschitz with constant ‖A‖ + ‖a‖.</summary>
public sealed class AffineDrift : IDrift
{
    private readonly double[,] _a;
    private readonly double[] _timeSlope;
    private readonly double[] _offset;

    public AffineDrift(int n, Normals normals)
    {
        // Entries of size 1/√n keep ‖A‖ = O(1), so paths over [0, 1] stay O(1).
        double scale = 0.7 / Math.Sqrt(n);
        _a = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                _a[i, j] = scale * normals.Next();
        _timeSlope = normals.Vector(n, 0.5);
        _offset = normals.Vector(n, 0.5);
    }

    public int Dimension => _offset.Length;

    public void Evaluate(ReadOnlySpan<double> x, double t, Span<double> result)
    {
        for (int i = 0; i < result.Length; i++)
        {
            double s = _offset[i] + _timeSlope[i] * t;
            for (int j = 0; j < x.Length; j++) s += _a[i, j] * x[j];
            result[i] = s;
        }
    }
}

/// <summary>The activations the paper names for Lipschitz score networks (Section 4.1): tanh and Mish.</summary>
public enum Activation { Tanh, Mish }

/// <summary>
/// f(x, t) = W₂ σ(W₁ x + w t + b₁) + b₂ with σ = tanh or Mish: a one-hidden-layer network whose
/// Lipschitz constant is at most ‖W₂‖·‖[W₁ w]‖·sup|σ'| (sup|tanh'| = 1, sup|Mish'| &lt; 1.1).
/// </summary>
public sealed class NetworkDrift : IDrift
{
    private readonly double[,] _w1;
    private readonly double[] _wt;
    private readonly double[] _b1;
    private readonly double[,] _w2;
    private readonly double[] _b2;
    private readonly Activation _activation;

    public NetworkDrift(int n, int hidden, Activation activation, Normals normals)
    {
        _activation = activation;
        _w1 = new double[hidden, n];
        _w2 = new double[n, hidden];
        double s1 = 1.0 / Math.Sqrt(n), s2 = 1.0 / Math.Sqrt(hidden);
        for (int h = 0; h < hidden; h++)
            for (int j = 0; j < n; j++)
            {
                _w1[h, j] = s1 * normals.Next();
                _w2[j, h] = s2 * normals.Next();
            }
        _wt = normals.Vector(hidden);
        _b1 = normals.Vector(hidden, 0.5);
        _b2 = normals.Vector(n, 0.5);
    }

    public int Dimension => _b2.Length;

    public static double Mish(double u) => u * Math.Tanh(u > 30 ? u : Math.Log(1.0 + Math.Exp(u)));

    public void Evaluate(ReadOnlySpan<double> x, double t, Span<double> result)
    {
        int hidden = _b1.Length;
        Span<double> a = stackalloc double[hidden];
        for (int h = 0; h < hidden; h++)
        {
            double u = _b1[h] + _wt[h] * t;
            for (int j = 0; j < x.Length; j++) u += _w1[h, j] * x[j];
            a[h] = _activation == Activation.Tanh ? Math.Tanh(u) : Mish(u);
        }
        for (int i = 0; i < result.Length; i++)
        {
            double s = _b2[i];
            for (int h = 0; h < hidden; h++) s += _w2[i, h] * a[h];
            result[i] = s;
        }
    }
}

/// <summary>
/// δ(x, t) = c·v·max(0, 1 − ‖x − centre‖/r): Lipschitz (constant c‖v‖/r), non-zero exactly on the
/// open ball B(centre, r), a set of positive measure — the perturbation of h in Theorem 4.1's uniqueness.
/// </summary>
public sealed class TentDrift(double[] centre, double radius, double[] direction) : IDrift
{
    public int Dimension => centre.Length;

    public double[] Centre => centre;

    public double Radius => radius;

    public bool InSupport(ReadOnlySpan<double> x) => Distance(x) < radius;

    private double Distance(ReadOnlySpan<double> x)
    {
        double d2 = 0;
        for (int i = 0; i < x.Length; i++) d2 += (x[i] - centre[i]) * (x[i] - centre[i]);
        return Math.Sqrt(d2);
    }

    public void Evaluate(ReadOnlySpan<double> x, double t, Span<double> result)
    {
        double bump = Math.Max(0.0, 1.0 - Distance(x) / radius);
        for (int i = 0; i < result.Length; i++) result[i] = bump * direction[i];
    }
}

/// <summary>Random Lipschitz drifts of the three families the issue names.</summary>
public static class RandomDrift
{
    public static IDrift Draw(int n, Normals normals) => normals.Int(0, 3) switch
    {
        0 => new AffineDrift(n, normals),
        1 => new NetworkDrift(n, 8, Activation.Tanh, normals),
        _ => new NetworkDrift(n, 8, Activation.Mish, normals),
    };
}
