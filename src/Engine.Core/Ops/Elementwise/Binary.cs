using Engine.Kernels.Scalar;
using Engine.Ops;

namespace Engine;

// Elementwise binary ops with NumPy broadcasting; each op is its functor and its two partials g·∂y/∂a, g·∂y/∂b.
public sealed partial class Tensor
{
    private static readonly BinaryOp<AddF> AddOp = new("add", default, (g, a, b, y) => g, (g, a, b, y) => g);
    private static readonly BinaryOp<SubF> SubOp = new("sub", default, (g, a, b, y) => g, (g, a, b, y) => -g);
    private static readonly BinaryOp<MulF> MulOp = new("mul", default, (g, a, b, y) => g * b, (g, a, b, y) => g * a);
    private static readonly BinaryOp<DivF> DivOp = new("div", default, (g, a, b, y) => g / b, (g, a, b, y) => -(g * y / b));
    private static readonly BinaryOp<PowF> PowOp = new("pow", default,
        (g, a, b, y) => g * b * Pow(a, b - 1.0), (g, a, b, y) => g * y * a.Log());
    private static readonly BinaryOp<MaxF> MaximumOp = new("maximum", default,
        (g, a, b, y) => g * (a >= b), (g, a, b, y) => g * (a < b));
    private static readonly BinaryOp<MinF> MinimumOp = new("minimum", default,
        (g, a, b, y) => g * (a <= b), (g, a, b, y) => g * (a > b));
    private static readonly CompareOp<GtF> GtOp = new("gt", default);
    private static readonly CompareOp<GeF> GeOp = new("ge", default);
    private static readonly CompareOp<LtF> LtOp = new("lt", default);
    private static readonly CompareOp<LeF> LeOp = new("le", default);
    private static readonly CompareOp<EqF> EqOp = new("eq", default);
    private static readonly CompareOp<NeF> NeOp = new("ne", default);

    /// <summary>a + b elementwise, with broadcasting.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => AddOp.Apply(a, b);
    /// <summary>a − b elementwise, with broadcasting.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => SubOp.Apply(a, b);
    /// <summary>a · b elementwise, with broadcasting.</summary>
    public static Tensor operator *(Tensor a, Tensor b) => MulOp.Apply(a, b);
    /// <summary>a / b elementwise, with broadcasting.</summary>
    public static Tensor operator /(Tensor a, Tensor b) => DivOp.Apply(a, b);
    /// <summary>−a.</summary>
    public static Tensor operator -(Tensor a) => a.Neg();

    /// <summary>a + s.</summary>
    public static Tensor operator +(Tensor a, double s) => a.AddScalar(s);
    /// <summary>s + a.</summary>
    public static Tensor operator +(double s, Tensor a) => a.AddScalar(s);
    /// <summary>a − s.</summary>
    public static Tensor operator -(Tensor a, double s) => a.AddScalar(-s);
    /// <summary>s − a.</summary>
    public static Tensor operator -(double s, Tensor a) => a.Neg().AddScalar(s);
    /// <summary>a · s.</summary>
    public static Tensor operator *(Tensor a, double s) => a.MulScalar(s);
    /// <summary>s · a.</summary>
    public static Tensor operator *(double s, Tensor a) => a.MulScalar(s);
    /// <summary>a / s.</summary>
    public static Tensor operator /(Tensor a, double s) => a.MulScalar(1.0 / s);
    /// <summary>s / a.</summary>
    public static Tensor operator /(double s, Tensor a) => a.Reciprocal().MulScalar(s);

    /// <summary>Masks (1 where true, 0 elsewhere, in the operands' dtype); their derivative is zero.</summary>
    public static Tensor operator >(Tensor a, Tensor b) => GtOp.Apply(a, b);
    /// <summary>Mask of a ≥ b (1 or 0 in the operands' dtype), with broadcasting.</summary>
    public static Tensor operator >=(Tensor a, Tensor b) => GeOp.Apply(a, b);
    /// <summary>Mask of a &lt; b, with broadcasting.</summary>
    public static Tensor operator <(Tensor a, Tensor b) => LtOp.Apply(a, b);
    /// <summary>Mask of a ≤ b, with broadcasting.</summary>
    public static Tensor operator <=(Tensor a, Tensor b) => LeOp.Apply(a, b);
    /// <summary>Mask of a &gt; s.</summary>
    public static Tensor operator >(Tensor a, double s) => GtOp.Apply(a, a.ScalarLike(s));
    /// <summary>Mask of a ≥ s.</summary>
    public static Tensor operator >=(Tensor a, double s) => GeOp.Apply(a, a.ScalarLike(s));
    /// <summary>Mask of a &lt; s.</summary>
    public static Tensor operator <(Tensor a, double s) => LtOp.Apply(a, a.ScalarLike(s));
    /// <summary>Mask of a ≤ s.</summary>
    public static Tensor operator <=(Tensor a, double s) => LeOp.Apply(a, a.ScalarLike(s));

    /// <summary>Mask of this = other (1 or 0), with broadcasting; derivative zero.</summary>
    public Tensor Eq(Tensor other) => EqOp.Apply(this, other);
    /// <summary>Mask of this ≠ other (1 or 0), with broadcasting; derivative zero.</summary>
    public Tensor Ne(Tensor other) => NeOp.Apply(this, other);

    /// <summary>aᵇ elementwise.</summary>
    public static Tensor Pow(Tensor a, Tensor b) => PowOp.Apply(a, b);

    /// <summary>Elementwise maximum; at ties the gradient goes to the first operand.</summary>
    public static Tensor Maximum(Tensor a, Tensor b) => MaximumOp.Apply(a, b);

    /// <summary>Elementwise minimum; at ties the gradient goes to the first operand.</summary>
    public static Tensor Minimum(Tensor a, Tensor b) => MinimumOp.Apply(a, b);

    /// <summary>cond ≠ 0 ? a : b, with broadcasting; cond is a mask of the same dtype.</summary>
    public static Tensor Where(Tensor cond, Tensor a, Tensor b) => WhereOp.Instance.Apply(cond, a, b);

    /// <summary>A 0-d constant with this tensor's dtype and backend.</summary>
    public Tensor ScalarLike(double value) => Scalar(value, DType, Backend);
}
