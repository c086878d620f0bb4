namespace Engine.Kernels.Scalar;

public readonly struct AddF : IBinaryFunctor
{
    public float Apply(float a, float b) => a + b;
    public double Apply(double a, double b) => a + b;
}

public readonly struct SubF : IBinaryFunctor
{
    public float Apply(float a, float b) => a - b;
    public double Apply(double a, double b) => a - b;
}

public readonly struct MulF : IBinaryFunctor
{
    public float Apply(float a, float b) => a * b;
    public double Apply(double a, double b) => a * b;
}

public readonly struct DivF : IBinaryFunctor
{
    public float Apply(float a, float b) => a / b;
    public double Apply(double a, double b) => a / b;
}

public readonly struct PowF : IBinaryFunctor
{
    public float Apply(float a, float b) => MathF.Pow(a, b);
    public double Apply(double a, double b) => Math.Pow(a, b);
}

public readonly struct MaxF : IBinaryFunctor
{
    public float Apply(float a, float b) => a >= b ? a : b;
    public double Apply(double a, double b) => a >= b ? a : b;
}

public readonly struct MinF : IBinaryFunctor
{
    public float Apply(float a, float b) => a <= b ? a : b;
    public double Apply(double a, double b) => a <= b ? a : b;
}

// Comparisons produce masks in the operands' dtype: 1 where true, 0 where false.
public readonly struct GtF : IBinaryFunctor
{
    public float Apply(float a, float b) => a > b ? 1f : 0f;
    public double Apply(double a, double b) => a > b ? 1.0 : 0.0;
}

public readonly struct GeF : IBinaryFunctor
{
    public float Apply(float a, float b) => a >= b ? 1f : 0f;
    public double Apply(double a, double b) => a >= b ? 1.0 : 0.0;
}

public readonly struct LtF : IBinaryFunctor
{
    public float Apply(float a, float b) => a < b ? 1f : 0f;
    public double Apply(double a, double b) => a < b ? 1.0 : 0.0;
}

public readonly struct LeF : IBinaryFunctor
{
    public float Apply(float a, float b) => a <= b ? 1f : 0f;
    public double Apply(double a, double b) => a <= b ? 1.0 : 0.0;
}

public readonly struct EqF : IBinaryFunctor
{
    public float Apply(float a, float b) => a == b ? 1f : 0f;
    public double Apply(double a, double b) => a == b ? 1.0 : 0.0;
}

public readonly struct NeF : IBinaryFunctor
{
    public float Apply(float a, float b) => a != b ? 1f : 0f;
    public double Apply(double a, double b) => a != b ? 1.0 : 0.0;
}

// Fused derivative products g·f′ of elementwise ops: one pass instead of a chain of composites.
// Each is itself an op with derivatives (see Tensor.Elementwise), so higher orders still work.

/// <summary>g·cos(x), the derivative product of sin.</summary>
public readonly struct SinGradF : IBinaryFunctor
{
    public float Apply(float g, float x) => g * MathF.Cos(x);
    public double Apply(double g, double x) => g * Math.Cos(x);
}

/// <summary>−g·sin(x), the derivative product of cos.</summary>
public readonly struct CosGradF : IBinaryFunctor
{
    public float Apply(float g, float x) => -g * MathF.Sin(x);
    public double Apply(double g, double x) => -g * Math.Sin(x);
}

/// <summary>g·(1 − y²) with y = tanh(x).</summary>
public readonly struct TanhGradF : IBinaryFunctor
{
    public float Apply(float g, float y) => g * (1f - y * y);
    public double Apply(double g, double y) => g * (1.0 - y * y);
}

/// <summary>g·y·(1 − y) with y = σ(x).</summary>
public readonly struct SigmoidGradF : IBinaryFunctor
{
    public float Apply(float g, float y) => g * y * (1f - y);
    public double Apply(double g, double y) => g * y * (1.0 - y);
}

/// <summary>g·σ(x), the derivative product of softplus.</summary>
public readonly struct SoftplusGradF : IBinaryFunctor
{
    public float Apply(float g, float x) => g * default(SigmoidF).Apply(x);
    public double Apply(double g, double x) => g * default(SigmoidF).Apply(x);
}

/// <summary>g·mish′(x), mish′ = t + x·σ·(1 − t²), t = tanh(softplus(x)).</summary>
public readonly struct MishGradF : IBinaryFunctor
{
    public float Apply(float g, float x) => (float)Apply((double)g, x);

    public double Apply(double g, double x)
    {
        double t = Math.Tanh(default(SoftplusF).Apply(x)), s = default(SigmoidF).Apply(x);
        return g * (t + x * s * (1.0 - t * t));
    }
}

/// <summary>g·mish″(x), mish″ = (1 − t²)·(2σ + x·σ·(1 − σ) − 2·x·σ²·t).</summary>
public readonly struct MishGrad2F : IBinaryFunctor
{
    public float Apply(float g, float x) => (float)Apply((double)g, x);

    public double Apply(double g, double x)
    {
        double t = Math.Tanh(default(SoftplusF).Apply(x)), s = default(SigmoidF).Apply(x);
        return g * (1.0 - t * t) * (2.0 * s + x * s * (1.0 - s) - 2.0 * x * s * s * t);
    }
}
