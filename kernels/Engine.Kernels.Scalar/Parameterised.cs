namespace Engine.Kernels.Scalar;

/// <summary>y = x + s.</summary>
public readonly struct AddScalarF(double s) : IUnaryFunctor
{
    private readonly double _s = s;
    /// <inheritdoc/>
    public float Apply(float x) => x + (float)_s;
    /// <inheritdoc/>
    public double Apply(double x) => x + _s;
}

/// <summary>y = x · s.</summary>
public readonly struct MulScalarF(double s) : IUnaryFunctor
{
    private readonly double _s = s;
    /// <inheritdoc/>
    public float Apply(float x) => x * (float)_s;
    /// <inheritdoc/>
    public double Apply(double x) => x * _s;
}

/// <summary>y = x^p for a constant exponent p.</summary>
public readonly struct PowScalarF(double p) : IUnaryFunctor
{
    private readonly double _p = p;
    /// <inheritdoc/>
    public float Apply(float x) => MathF.Pow(x, (float)_p);
    /// <inheritdoc/>
    public double Apply(double x) => Math.Pow(x, _p);
}

/// <summary>y = x for x &gt; 0, else slope · x.</summary>
public readonly struct LeakyReluF(double slope) : IUnaryFunctor
{
    private readonly double _slope = slope;
    /// <inheritdoc/>
    public float Apply(float x) => x > 0 ? x : x * (float)_slope;
    /// <inheritdoc/>
    public double Apply(double x) => x > 0 ? x : x * _slope;
}

/// <summary>1 where x &gt; 0, else slope (the derivative of leaky relu).</summary>
public readonly struct LeakyStepF(double slope) : IUnaryFunctor
{
    private readonly double _slope = slope;
    /// <inheritdoc/>
    public float Apply(float x) => x > 0 ? 1f : (float)_slope;
    /// <inheritdoc/>
    public double Apply(double x) => x > 0 ? 1.0 : _slope;
}

/// <summary>y = min(max(x, lo), hi).</summary>
public readonly struct ClampF(double lo, double hi) : IUnaryFunctor
{
    private readonly double _lo = lo, _hi = hi;
    /// <inheritdoc/>
    public float Apply(float x) => MathF.Min(MathF.Max(x, (float)_lo), (float)_hi);
    /// <inheritdoc/>
    public double Apply(double x) => Math.Min(Math.Max(x, _lo), _hi);
}

/// <summary>1 where lo ≤ x ≤ hi, else 0 (the derivative of clamp).</summary>
public readonly struct InRangeF(double lo, double hi) : IUnaryFunctor
{
    private readonly double _lo = lo, _hi = hi;
    /// <inheritdoc/>
    public float Apply(float x) => x >= (float)_lo && x <= (float)_hi ? 1f : 0f;
    /// <inheritdoc/>
    public double Apply(double x) => x >= _lo && x <= _hi ? 1.0 : 0.0;
}
