namespace Engine.Kernels.Scalar;

/// <summary>a + b.</summary>
public readonly struct AddF : IBinaryFunctor
{
    /// <inheritdoc/>
    public float Apply(float a, float b) => a + b;
    /// <inheritdoc/>
    public double Apply(double a, double b) => a + b;
}

/// <summary>a − b.</summary>
public readonly struct SubF : IBinaryFunctor
{
    /// <inheritdoc/>
    public float Apply(float a, float b) => a - b;
    /// <inheritdoc/>
    public double Apply(double a, double b) => a - b;
}

/// <summary>a · b.</summary>
public readonly struct MulF : IBinaryFunctor
{
    /// <inheritdoc/>
    public float Apply(float a, float b) => a * b;
    /// <inheritdoc/>
    public double Apply(double a, double b) => a * b;
}

/// <summary>a / b.</summary>
public readonly struct DivF : IBinaryFunctor
{
    /// <inheritdoc/>
    public float Apply(float a, float b) => a / b;
    /// <inheritdoc/>
    public double Apply(double a, double b) => a / b;
}

/// <summary>a^b.</summary>
public readonly struct PowF : IBinaryFunctor
{
    /// <inheritdoc/>
    public float Apply(float a, float b) => MathF.Pow(a, b);
    /// <inheritdoc/>
    public double Apply(double a, double b) => Math.Pow(a, b);
}

/// <summary>max(a, b) (a when equal).</summary>
public readonly struct MaxF : IBinaryFunctor
{
    /// <inheritdoc/>
    public float Apply(float a, float b) => a >= b ? a : b;
    /// <inheritdoc/>
    public double Apply(double a, double b) => a >= b ? a : b;
}

/// <summary>min(a, b) (a when equal).</summary>
public readonly struct MinF : IBinaryFunctor
{
    /// <inheritdoc/>
    public float Apply(float a, float b) => a <= b ? a : b;
    /// <inheritdoc/>
    public double Apply(double a, double b) => a <= b ? a : b;
}

// Comparisons produce masks in the operands' dtype: 1 where true, 0 where false.
/// <summary>1 where a &gt; b, else 0.</summary>
public readonly struct GtF : IBinaryFunctor
{
    /// <inheritdoc/>
    public float Apply(float a, float b) => a > b ? 1f : 0f;
    /// <inheritdoc/>
    public double Apply(double a, double b) => a > b ? 1.0 : 0.0;
}

/// <summary>1 where a ≥ b, else 0.</summary>
public readonly struct GeF : IBinaryFunctor
{
    /// <inheritdoc/>
    public float Apply(float a, float b) => a >= b ? 1f : 0f;
    /// <inheritdoc/>
    public double Apply(double a, double b) => a >= b ? 1.0 : 0.0;
}

/// <summary>1 where a &lt; b, else 0.</summary>
public readonly struct LtF : IBinaryFunctor
{
    /// <inheritdoc/>
    public float Apply(float a, float b) => a < b ? 1f : 0f;
    /// <inheritdoc/>
    public double Apply(double a, double b) => a < b ? 1.0 : 0.0;
}

/// <summary>1 where a ≤ b, else 0.</summary>
public readonly struct LeF : IBinaryFunctor
{
    /// <inheritdoc/>
    public float Apply(float a, float b) => a <= b ? 1f : 0f;
    /// <inheritdoc/>
    public double Apply(double a, double b) => a <= b ? 1.0 : 0.0;
}

/// <summary>1 where a = b, else 0.</summary>
public readonly struct EqF : IBinaryFunctor
{
    /// <inheritdoc/>
    public float Apply(float a, float b) => a == b ? 1f : 0f;
    /// <inheritdoc/>
    public double Apply(double a, double b) => a == b ? 1.0 : 0.0;
}

/// <summary>1 where a ≠ b, else 0.</summary>
public readonly struct NeF : IBinaryFunctor
{
    /// <inheritdoc/>
    public float Apply(float a, float b) => a != b ? 1f : 0f;
    /// <inheritdoc/>
    public double Apply(double a, double b) => a != b ? 1.0 : 0.0;
}

// Fused derivative products g·f′ of elementwise ops: one pass instead of a chain of composites.
// Each is itself an op with derivatives (see Tensor.Elementwise), so higher orders still work.

/// <summary>g·cos(x), the derivative product of sin.</summary>
public readonly struct SinGradF : IBinaryFunctor
{
    /// <inheritdoc/>
    public float Apply(float g, float x) => g * MathF.Cos(x);
    /// <inheritdoc/>
    public double Apply(double g, double x) => g * Math.Cos(x);
}

/// <summary>−g·sin(x), the derivative product of cos.</summary>
public readonly struct CosGradF : IBinaryFunctor
{
    /// <inheritdoc/>
    public float Apply(float g, float x) => -g * MathF.Sin(x);
    /// <inheritdoc/>
    public double Apply(double g, double x) => -g * Math.Sin(x);
}

/// <summary>g·(1 − y²) with y = tanh(x).</summary>
public readonly struct TanhGradF : IBinaryFunctor
{
    /// <inheritdoc/>
    public float Apply(float g, float y) => g * (1f - y * y);
    /// <inheritdoc/>
    public double Apply(double g, double y) => g * (1.0 - y * y);
}

/// <summary>g·y·(1 − y) with y = σ(x).</summary>
public readonly struct SigmoidGradF : IBinaryFunctor
{
    /// <inheritdoc/>
    public float Apply(float g, float y) => g * y * (1f - y);
    /// <inheritdoc/>
    public double Apply(double g, double y) => g * y * (1.0 - y);
}

/// <summary>g·σ(x), the derivative product of softplus.</summary>
public readonly struct SoftplusGradF : IBinaryFunctor
{
    /// <inheritdoc/>
    public float Apply(float g, float x) => g * default(SigmoidF).Apply(x);
    /// <inheritdoc/>
    public double Apply(double g, double x) => g * default(SigmoidF).Apply(x);
}

/// <summary>g·mish′(x), mish′ = t + x·σ·(1 − t²), t = tanh(softplus(x)).</summary>
public readonly struct MishGradF : IBinaryFunctor
{
    /// <inheritdoc/>
    public float Apply(float g, float x) => (float)Apply((double)g, x);

    /// <inheritdoc/>
    public double Apply(double g, double x)
    {
        double t = Math.Tanh(default(SoftplusF).Apply(x)), s = default(SigmoidF).Apply(x);
        return g * (t + x * s * (1.0 - t * t));
    }
}

/// <summary>g·mish″(x), mish″ = (1 − t²)·(2σ + x·σ·(1 − σ) − 2·x·σ²·t).</summary>
public readonly struct MishGrad2F : IBinaryFunctor
{
    /// <inheritdoc/>
    public float Apply(float g, float x) => (float)Apply((double)g, x);

    /// <inheritdoc/>
    public double Apply(double g, double x)
    {
        double t = Math.Tanh(default(SoftplusF).Apply(x)), s = default(SigmoidF).Apply(x);
        return g * (1.0 - t * t) * (2.0 * s + x * s * (1.0 - s) - 2.0 * x * s * s * t);
    }
}
