namespace Engine.Kernels.Scalar;

/// <summary>−x.</summary>
public readonly struct NegF : IUnaryFunctor
{
    /// <inheritdoc/>
    public float Apply(float x) => -x;
    /// <inheritdoc/>
    public double Apply(double x) => -x;
}

/// <summary>eˣ.</summary>
public readonly struct ExpF : IUnaryFunctor
{
    /// <inheritdoc/>
    public float Apply(float x) => MathF.Exp(x);
    /// <inheritdoc/>
    public double Apply(double x) => Math.Exp(x);
}

/// <summary>ln x.</summary>
public readonly struct LogF : IUnaryFunctor
{
    /// <inheritdoc/>
    public float Apply(float x) => MathF.Log(x);
    /// <inheritdoc/>
    public double Apply(double x) => Math.Log(x);
}

/// <summary>√x.</summary>
public readonly struct SqrtF : IUnaryFunctor
{
    /// <inheritdoc/>
    public float Apply(float x) => MathF.Sqrt(x);
    /// <inheritdoc/>
    public double Apply(double x) => Math.Sqrt(x);
}

/// <summary>|x|.</summary>
public readonly struct AbsF : IUnaryFunctor
{
    /// <inheritdoc/>
    public float Apply(float x) => MathF.Abs(x);
    /// <inheritdoc/>
    public double Apply(double x) => Math.Abs(x);
}

/// <summary>sign(x) ∈ {−1, 0, 1}.</summary>
public readonly struct SignF : IUnaryFunctor
{
    /// <inheritdoc/>
    public float Apply(float x) => x > 0 ? 1f : x < 0 ? -1f : 0f;
    /// <inheritdoc/>
    public double Apply(double x) => x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0;
}

/// <summary>sin x.</summary>
public readonly struct SinF : IUnaryFunctor
{
    /// <inheritdoc/>
    public float Apply(float x) => MathF.Sin(x);
    /// <inheritdoc/>
    public double Apply(double x) => Math.Sin(x);
}

/// <summary>cos x.</summary>
public readonly struct CosF : IUnaryFunctor
{
    /// <inheritdoc/>
    public float Apply(float x) => MathF.Cos(x);
    /// <inheritdoc/>
    public double Apply(double x) => Math.Cos(x);
}

/// <summary>tanh x.</summary>
public readonly struct TanhF : IUnaryFunctor
{
    /// <inheritdoc/>
    public float Apply(float x) => MathF.Tanh(x);
    /// <inheritdoc/>
    public double Apply(double x) => Math.Tanh(x);
}

/// <summary>σ(x) = 1 / (1 + e^−x), evaluated without overflow on either side.</summary>
public readonly struct SigmoidF : IUnaryFunctor
{
    /// <inheritdoc/>
    public float Apply(float x) => x >= 0 ? 1f / (1f + MathF.Exp(-x)) : MathF.Exp(x) / (1f + MathF.Exp(x));
    /// <inheritdoc/>
    public double Apply(double x) => x >= 0 ? 1.0 / (1.0 + Math.Exp(-x)) : Math.Exp(x) / (1.0 + Math.Exp(x));
}

/// <summary>softplus(x) = log(1 + e^x) = max(x, 0) + log1p(e^−|x|), stable for large |x|.</summary>
public readonly struct SoftplusF : IUnaryFunctor
{
    /// <inheritdoc/>
    public float Apply(float x) => MathF.Max(x, 0f) + MathF.Log(1f + MathF.Exp(-MathF.Abs(x)));
    /// <inheritdoc/>
    public double Apply(double x) => Math.Max(x, 0.0) + Math.Log(1.0 + Math.Exp(-Math.Abs(x)));
}

/// <summary>mish(x) = x · tanh(softplus(x)).</summary>
public readonly struct MishF : IUnaryFunctor
{
    /// <inheritdoc/>
    public float Apply(float x) => x * MathF.Tanh(default(SoftplusF).Apply(x));
    /// <inheritdoc/>
    public double Apply(double x) => x * Math.Tanh(default(SoftplusF).Apply(x));
}

/// <summary>Heaviside step: 1 where x &gt; 0, else 0 (the derivative of relu).</summary>
public readonly struct StepF : IUnaryFunctor
{
    /// <inheritdoc/>
    public float Apply(float x) => x > 0 ? 1f : 0f;
    /// <inheritdoc/>
    public double Apply(double x) => x > 0 ? 1.0 : 0.0;
}

/// <summary>max(x, 0).</summary>
public readonly struct ReluF : IUnaryFunctor
{
    /// <inheritdoc/>
    public float Apply(float x) => x > 0 ? x : 0f;
    /// <inheritdoc/>
    public double Apply(double x) => x > 0 ? x : 0.0;
}

/// <summary>x².</summary>
public readonly struct SquareF : IUnaryFunctor
{
    /// <inheritdoc/>
    public float Apply(float x) => x * x;
    /// <inheritdoc/>
    public double Apply(double x) => x * x;
}

/// <summary>1 / x.</summary>
public readonly struct ReciprocalF : IUnaryFunctor
{
    /// <inheritdoc/>
    public float Apply(float x) => 1f / x;
    /// <inheritdoc/>
    public double Apply(double x) => 1.0 / x;
}

/// <summary>The error function (W. J. Cody's rational approximations, relative error below 1e-15 in double).</summary>
public readonly struct ErfF : IUnaryFunctor
{
    /// <inheritdoc/>
    public float Apply(float x) => (float)Erf.Evaluate(x);
    /// <inheritdoc/>
    public double Apply(double x) => Erf.Evaluate(x);
}
