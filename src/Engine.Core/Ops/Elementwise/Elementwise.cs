using Engine.Kernels.Scalar;
using Engine.Ops;

namespace Engine;

// Elementwise unary ops. Each line is the whole op: functor (value) and g·f′ (both derivative modes).
public sealed partial class Tensor
{
    private static readonly UnaryOp<NegF> NegOp = new("neg", default, (g, x, y) => -g);
    private static readonly UnaryOp<ExpF> ExpOp = new("exp", default, (g, x, y) => g * y);
    private static readonly UnaryOp<LogF> LogOp = new("log", default, (g, x, y) => g / x);
    private static readonly UnaryOp<SqrtF> SqrtOp = new("sqrt", default, (g, x, y) => g / y * 0.5);
    private static readonly UnaryOp<AbsF> AbsOp = new("abs", default, (g, x, y) => g * x.Sign());
    private static readonly UnaryOp<SinF> SinOp = new("sin", default, (g, x, y) => SinGradOp!.Apply(g, x));
    private static readonly UnaryOp<CosF> CosOp = new("cos", default, (g, x, y) => CosGradOp!.Apply(g, x));
    private static readonly UnaryOp<TanhF> TanhOp = new("tanh", default, (g, x, y) => TanhGradOp!.Apply(g, y));
    private static readonly UnaryOp<SigmoidF> SigmoidOp = new("sigmoid", default, (g, x, y) => SigmoidGradOp!.Apply(g, y));
    private static readonly UnaryOp<SoftplusF> SoftplusOp = new("softplus", default, (g, x, y) => SoftplusGradOp!.Apply(g, x));
    private static readonly UnaryOp<ReluF> ReluOp = new("relu", default, (g, x, y) => g * x.Step());
    private static readonly UnaryOp<SquareF> SquareOp = new("square", default, (g, x, y) => g * x * 2.0);
    private static readonly UnaryOp<ReciprocalF> ReciprocalOp = new("reciprocal", default, (g, x, y) => -(g * y.Square()));
    private static readonly UnaryOp<ErfF> ErfOp = new("erf", default, (g, x, y) => g * ((-x.Square()).Exp() * 1.1283791670955126));
    private static readonly ConstantUnaryOp<SignF> SignOp = new("sign", default);
    private static readonly ConstantUnaryOp<StepF> StepOp = new("step", default);

    private static readonly UnaryOp<MishF> MishOp = new("mish", default, (g, x, y) => MishGradOp!.Apply(g, x));

    // Fused derivative products g·f′. Each is a binary op (g, x or y) whose own partials are written
    // in tensor ops — often with the next fused product — so the backward pass stays differentiable.
    private static readonly BinaryOp<SinGradF> SinGradOp = new("sin_grad", default,
        (h, g, x, y) => SinGradOp!.Apply(h, x), (h, g, x, y) => CosGradOp!.Apply(h * g, x));
    private static readonly BinaryOp<CosGradF> CosGradOp = new("cos_grad", default,
        (h, g, x, y) => CosGradOp!.Apply(h, x), (h, g, x, y) => -SinGradOp!.Apply(h * g, x));
    private static readonly BinaryOp<TanhGradF> TanhGradOp = new("tanh_grad", default,
        (h, g, t, y) => TanhGradOp!.Apply(h, t), (h, g, t, y) => h * g * t * -2.0);
    private static readonly BinaryOp<SigmoidGradF> SigmoidGradOp = new("sigmoid_grad", default,
        (h, g, s, y) => SigmoidGradOp!.Apply(h, s), (h, g, s, y) => h * g * (1.0 - s * 2.0));
    private static readonly BinaryOp<SoftplusGradF> SoftplusGradOp = new("softplus_grad", default,
        (h, g, x, y) => SoftplusGradOp!.Apply(h, x), (h, g, x, y) => SigmoidGradOp!.Apply(h * g, x.Sigmoid()));
    private static readonly BinaryOp<MishGradF> MishGradOp = new("mish_grad", default,
        (h, g, x, y) => MishGradOp!.Apply(h, x), (h, g, x, y) => MishGrad2Op!.Apply(h * g, x));
    private static readonly BinaryOp<MishGrad2F> MishGrad2Op = new("mish_grad2", default,
        (h, g, x, y) => MishGrad2Op!.Apply(h, x), (h, g, x, y) => h * g * MishThirdDerivative(x));

    /// <summary>g·mish′(x), the fused product mish's rules use (internal: probes and tests).</summary>
    internal static Tensor MishGrad(Tensor g, Tensor x) => MishGradOp.Apply(g, x);

    /// <summary>g·mish″(x), the fused product mish_grad's rules use (internal: probes and tests).</summary>
    internal static Tensor MishGrad2(Tensor g, Tensor x) => MishGrad2Op.Apply(g, x);

    /// <summary>mish‴(x) by forward mode through the tensor-op form of mish″ (third order is rare enough not to need a kernel).</summary>
    private static Tensor MishThirdDerivative(Tensor x) =>
        Autodiff.ForwardAD.Jvp(MishSecondDerivative, x, x.OnesLike()).Tangent;

    /// <summary>mish″(x) = (1 − t²)·(2σ + x·σ·(1 − σ) − 2·x·σ²·t), t = tanh(softplus(x)), in tensor ops.</summary>
    internal static Tensor MishSecondDerivative(Tensor x)
    {
        var t = x.Softplus().Tanh();
        var s = x.Sigmoid();
        return (1.0 - t.Square()) * (s * 2.0 + x * s * (1.0 - s) - x * s.Square() * t * 2.0);
    }

    /// <summary>−x elementwise.</summary>
    public Tensor Neg() => NegOp.Apply(this);
    /// <summary>eˣ elementwise.</summary>
    public Tensor Exp() => ExpOp.Apply(this);
    /// <summary>ln x elementwise.</summary>
    public Tensor Log() => LogOp.Apply(this);
    /// <summary>√x elementwise.</summary>
    public Tensor Sqrt() => SqrtOp.Apply(this);
    /// <summary>|x| elementwise (derivative sign(x), 0 at 0).</summary>
    public Tensor Abs() => AbsOp.Apply(this);
    /// <summary>sin x elementwise.</summary>
    public Tensor Sin() => SinOp.Apply(this);
    /// <summary>cos x elementwise.</summary>
    public Tensor Cos() => CosOp.Apply(this);
    /// <summary>tanh x elementwise.</summary>
    public Tensor Tanh() => TanhOp.Apply(this);
    /// <summary>1 / (1 + e⁻ˣ) elementwise.</summary>
    public Tensor Sigmoid() => SigmoidOp.Apply(this);
    /// <summary>ln(1 + eˣ) elementwise (computed stably).</summary>
    public Tensor Softplus() => SoftplusOp.Apply(this);
    /// <summary>max(x, 0) elementwise (derivative 0 at 0).</summary>
    public Tensor Relu() => ReluOp.Apply(this);
    /// <summary>x² elementwise.</summary>
    public Tensor Square() => SquareOp.Apply(this);
    /// <summary>1 / x elementwise.</summary>
    public Tensor Reciprocal() => ReciprocalOp.Apply(this);
    /// <summary>erf x elementwise.</summary>
    public Tensor Erf() => ErfOp.Apply(this);

    /// <summary>mish(x) = x · tanh(softplus(x)) (Misra 2019), the activation of Diffuser's UNet.</summary>
    public Tensor Mish() => MishOp.Apply(this);

    /// <summary>sign(x) ∈ {−1, 0, 1}; zero derivative.</summary>
    public Tensor Sign() => SignOp.Apply(this);

    /// <summary>1 where x &gt; 0, else 0; zero derivative.</summary>
    public Tensor Step() => StepOp.Apply(this);

    /// <summary>x for x &gt; 0, slope·x otherwise.</summary>
    public Tensor LeakyRelu(double slope = 0.01) =>
        new UnaryOp<LeakyReluF>("leaky_relu", new LeakyReluF(slope), (g, x, y) => g * new ConstantUnaryOp<LeakyStepF>("leaky_step", new LeakyStepF(slope)).Apply(x)).Apply(this);

    /// <summary>x^p for a constant exponent.</summary>
    public Tensor Pow(double p) => p switch
    {
        1 => this,
        2 => Square(),
        _ => new UnaryOp<PowScalarF>("pow", new PowScalarF(p), (g, x, y) => g * x.Pow(p - 1) * p).Apply(this),
    };

    /// <summary>min(max(x, lo), hi); the gradient passes where lo ≤ x ≤ hi.</summary>
    public Tensor Clamp(double lo, double hi)
    {
        if (lo > hi) throw new ArgumentException($"clamp: lo {lo} is greater than hi {hi}");
        return new UnaryOp<ClampF>("clamp", new ClampF(lo, hi), (g, x, y) => g * new ConstantUnaryOp<InRangeF>("in_range", new InRangeF(lo, hi)).Apply(x)).Apply(this);
    }

    /// <summary>GELU with the exact Gaussian CDF: x · Φ(x) = x · (1 + erf(x/√2)) / 2 (composite).</summary>
    public Tensor Gelu() => this * ((this * 0.7071067811865476).Erf() + 1.0) * 0.5;

    /// <summary>SiLU / swish: x · σ(x) (composite).</summary>
    public Tensor Silu() => this * Sigmoid();

    internal Tensor AddScalar(double s) => s == 0 ? this : new UnaryOp<AddScalarF>("add_scalar", new AddScalarF(s), (g, x, y) => g).Apply(this);

    internal Tensor MulScalar(double s) => s == 1 ? this : new UnaryOp<MulScalarF>("mul_scalar", new MulScalarF(s), (g, x, y) => g.MulScalar(s)).Apply(this);
}
