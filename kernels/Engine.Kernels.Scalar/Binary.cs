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
