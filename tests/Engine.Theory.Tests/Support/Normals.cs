namespace Engine.Theory.Tests.Support;

/// <summary>
/// A seeded stream of standard normal draws (Box–Muller on <see cref="Random"/>), so that every
/// random object in a property is a pure function of the FsCheck-generated seed.
/// </summary>
public sealed class Normals
{
    private readonly Random _uniform;
    private double _spare;
    private bool _hasSpare;

    public Normals(int seed) => _uniform = new Random(seed);

    public double Next()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spare;
        }
        // 1 − U lies in (0, 1], so the logarithm is finite.
        double u1 = 1.0 - _uniform.NextDouble();
        double u2 = _uniform.NextDouble();
        double radius = Math.Sqrt(-2.0 * Math.Log(u1));
        _spare = radius * Math.Sin(2.0 * Math.PI * u2);
        _hasSpare = true;
        return radius * Math.Cos(2.0 * Math.PI * u2);
    }

    public double[] Vector(int n, double scale = 1.0)
    {
        var v = new double[n];
        for (int i = 0; i < n; i++) v[i] = scale * Next();
        return v;
    }

    public double Uniform(double lo, double hi) => lo + (hi - lo) * _uniform.NextDouble();

    public int Int(int loInclusive, int hiExclusive) => _uniform.Next(loInclusive, hiExclusive);
}
