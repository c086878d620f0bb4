namespace Engine.Kernels.Scalar;

public readonly struct NegF : IUnaryFunctor
{
    public float Apply(float x) => -x;
    public double Apply(double x) => -x;
}

public readonly struct ExpF : IUnaryFunctor
{
    public float Apply(float x) => MathF.Exp(x);
    public double Apply(double x) => Math.Exp(x);
}

public readonly struct LogF : IUnaryFunctor
{
    public float Apply(float x) => MathF.Log(x);
    public double Apply(double x) => Math.Log(x);
}

public readonly struct SqrtF : IUnaryFunctor
{
    public float Apply(float x) => MathF.Sqrt(x);
    public double Apply(double x) => Math.Sqrt(x);
}

public readonly struct AbsF : IUnaryFunctor
{
    public float Apply(float x) => MathF.Abs(x);
    public double Apply(double x) => Math.Abs(x);
}

/// <summary>sign(x) ∈ {−1, 0, 1}.</summary>
public readonly struct SignF : IUnaryFunctor
{
    public float Apply(float x) => x > 0 ? 1f : x < 0 ? -1f : 0f;
    public double Apply(double x) => x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0;
}

public readonly struct SinF : IUnaryFunctor
{
    public float Apply(float x) => MathF.Sin(x);
    public double Apply(double x) => Math.Sin(x);
}

public readonly struct CosF : IUnaryFunctor
{
    public float Apply(float x) => MathF.Cos(x);
    public double Apply(double x) => Math.Cos(x);
}

public readonly struct TanhF : IUnaryFunctor
{
    public float Apply(float x) => MathF.Tanh(x);
    public double Apply(double x) => Math.Tanh(x);
}

/// <summary>σ(x) = 1 / (1 + e^−x), evaluated without overflow on either side.</summary>
public readonly struct SigmoidF : IUnaryFunctor
{
    public float Apply(float x) => x >= 0 ? 1f / (1f + MathF.Exp(-x)) : MathF.Exp(x) / (1f + MathF.Exp(x));
    public double Apply(double x) => x >= 0 ? 1.0 / (1.0 + Math.Exp(-x)) : Math.Exp(x) / (1.0 + Math.Exp(x));
}

/// <summary>softplus(x) = log(1 + e^x) = max(x, 0) + log1p(e^−|x|), stable for large |x|.</summary>
public readonly struct SoftplusF : IUnaryFunctor
{
    public float Apply(float x) => MathF.Max(x, 0f) + MathF.Log(1f + MathF.Exp(-MathF.Abs(x)));
    public double Apply(double x) => Math.Max(x, 0.0) + Math.Log(1.0 + Math.Exp(-Math.Abs(x)));
}

/// <summary>mish(x) = x · tanh(softplus(x)).</summary>
public readonly struct MishF : IUnaryFunctor
{
    public float Apply(float x) => x * MathF.Tanh(default(SoftplusF).Apply(x));
    public double Apply(double x) => x * Math.Tanh(default(SoftplusF).Apply(x));
}

/// <summary>Heaviside step: 1 where x &gt; 0, else 0 (the derivative of relu).</summary>
public readonly struct StepF : IUnaryFunctor
{
    public float Apply(float x) => x > 0 ? 1f : 0f;
    public double Apply(double x) => x > 0 ? 1.0 : 0.0;
}

public readonly struct ReluF : IUnaryFunctor
{
    public float Apply(float x) => x > 0 ? x : 0f;
    public double Apply(double x) => x > 0 ? x : 0.0;
}

public readonly struct SquareF : IUnaryFunctor
{
    public float Apply(float x) => x * x;
    public double Apply(double x) => x * x;
}

public readonly struct ReciprocalF : IUnaryFunctor
{
    public float Apply(float x) => 1f / x;
    public double Apply(double x) => 1.0 / x;
}

/// <summary>The error function (W. J. Cody's rational approximations, relative error below 1e-15 in double).</summary>
public readonly struct ErfF : IUnaryFunctor
{
    public float Apply(float x) => (float)Erf.Evaluate(x);
    public double Apply(double x) => Erf.Evaluate(x);
}
