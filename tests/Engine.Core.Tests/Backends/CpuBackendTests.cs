using Engine.Autodiff;
using Engine.Kernels.Scalar;
using Engine.Testing;

namespace Engine.Core.Tests.Backends;

/// <summary>The CPU backend's fast paths against its scalar definition.</summary>
public class CpuBackendTests
{
    public static IEnumerable<object[]> UnaryCases() =>
        new[] { "exp", "log", "tanh", "sigmoid", "neg", "abs", "sqrt", "sin", "cos", "square", "reciprocal", "mish", "softplus" }.Select(n => new object[] { n });

    private static Tensor ApplyUnary(string name, Tensor x) => name switch
    {
        "exp" => x.Exp(),
        "log" => x.Log(),
        "tanh" => x.Tanh(),
        "sigmoid" => x.Sigmoid(),
        "neg" => -x,
        "abs" => x.Abs(),
        "sqrt" => x.Sqrt(),
        "sin" => x.Sin(),
        "cos" => x.Cos(),
        "square" => x.Square(),
        "reciprocal" => x.Reciprocal(),
        "mish" => x.Mish(),
        "softplus" => x.Softplus(),
        _ => throw new ArgumentException(name),
    };

    private static double Scalar(string name, double v) => name switch
    {
        "exp" => default(ExpF).Apply(v),
        "log" => default(LogF).Apply(v),
        "tanh" => default(TanhF).Apply(v),
        "sigmoid" => default(SigmoidF).Apply(v),
        "neg" => -v,
        "abs" => Math.Abs(v),
        "sqrt" => Math.Sqrt(v),
        "sin" => Math.Sin(v),
        "cos" => Math.Cos(v),
        "square" => v * v,
        "reciprocal" => 1 / v,
        "mish" => default(MishF).Apply(v),
        "softplus" => default(SoftplusF).Apply(v),
        _ => throw new ArgumentException(name),
    };

    /// <summary>Contiguous (SIMD) and strided (scalar) evaluation agree with the scalar functor, in both dtypes, across the parallel threshold.</summary>
    [Theory]
    [MemberData(nameof(UnaryCases))]
    public void Unary_fast_paths_match_the_scalar_functor(string name)
    {
        var g = new Generator(1);
        foreach (int n in new[] { 7, 200_000 })
        {
            var x = Tensor.Uniform(g, [n], 0.1, 3.0, DType.Float64) * (name is "log" or "sqrt" ? 1.0 : 2.0) - (name is "log" or "sqrt" ? 0.0 : 2.0);
            var values = x.ToArrayDouble();
            var expected = values.Select(v => Scalar(name, v)).ToArray();
            TensorAssert.Close(Tensor.FromArray(expected), ApplyUnary(name, x), 1e-13, 1e-14);
            var xf = x.Cast(DType.Float32);
            var yf = ApplyUnary(name, xf).ToArrayDouble();
            for (int i = 0; i < n; i += 997) Assert.True(Math.Abs(yf[i] - expected[i]) <= 1e-5 * (1 + Math.Abs(expected[i])), $"{name}[{i}]: {yf[i]} vs {expected[i]}");
            // Strided input takes the scalar loop: same result as the contiguous path to float rounding.
            var strided = ApplyUnary(name, Tensor.Stack([x, x], 1).Select(1, 0));
            TensorAssert.Close(ApplyUnary(name, x), strided, 1e-13, 1e-14);
        }
    }

    /// <summary>
    /// The compare-and-select paths of the piecewise ops (relu, step, leaky relu and its derivative) give the scalar
    /// functors' bits — NaN, ±0 and ±∞ included — in both dtypes, for SIMD bodies, their tails and parallel runs,
    /// and the strided (scalar) loop agrees.
    /// </summary>
    [Theory]
    [InlineData("relu")]
    [InlineData("step")]
    [InlineData("leaky_relu")]
    [InlineData("leaky_relu_0.2")]
    [InlineData("leaky_step")]
    public void Piecewise_fast_paths_give_the_scalar_functors_bits(string name)
    {
        double slope = name == "leaky_relu_0.2" ? 0.2 : 0.01;
        double[] special = [double.NaN, 0.0, -0.0, double.PositiveInfinity, double.NegativeInfinity, 1e-30, -1e-30, 3.5, -3.5, 1e30, -1e30];
        var g = new Generator(5);
        foreach (int n in new[] { special.Length, 37, 200_003 })
        {
            var random = Tensor.RandN(g, [Math.Max(0, n - special.Length)], DType.Float64).ToArrayDouble();
            var values = special.Concat(random).ToArray();
            foreach (var dtype in new[] { DType.Float32, DType.Float64 })
            {
                var x = dtype == DType.Float64 ? Tensor.FromArray(values, n) : Tensor.FromArray(values.Select(v => (float)v).ToArray(), n);
                var xs = x.ToArrayDouble();
                // float32: the functor's float overload on the stored float (exact in double).
                Func<double, double> f = name switch
                {
                    "relu" => v => dtype == DType.Float32 ? default(ReluF).Apply((float)v) : default(ReluF).Apply(v),
                    "step" => v => dtype == DType.Float32 ? default(StepF).Apply((float)v) : default(StepF).Apply(v),
                    "leaky_step" => v => dtype == DType.Float32 ? new LeakyStepF(slope).Apply((float)v) : new LeakyStepF(slope).Apply(v),
                    _ => v => dtype == DType.Float32 ? new LeakyReluF(slope).Apply((float)v) : new LeakyReluF(slope).Apply(v),
                };
                var expected = xs.Select(f).ToArray();
                Tensor actual;
                if (name == "leaky_step")
                {
                    // Only reachable as leaky relu's derivative: d Σ leaky_relu(x) / dx.
                    var leaf = x.Detach().RequiresGrad();
                    actual = Autograd.Grad(leaf.LeakyRelu(slope).Sum(), [leaf])[0];
                }
                else actual = Piecewise(name, x, slope);
                AssertSameBits(expected, actual.ToArrayDouble(), $"{name} {dtype} n={n}");
                if (name != "leaky_step")
                    AssertSameBits(expected, Piecewise(name, Tensor.Stack([x, x], 1).Select(1, 0), slope).ToArrayDouble(), $"{name} {dtype} strided n={n}");
            }
        }
    }

    private static Tensor Piecewise(string name, Tensor x, double slope) => name switch
    {
        "relu" => x.Relu(),
        "step" => x.Step(),
        _ => x.LeakyRelu(slope),
    };

    private static void AssertSameBits(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]),
                $"{what}[{i}]: x gives {actual[i]:R}, the scalar functor {expected[i]:R}");
    }

    /// <summary>The SIMD derivative products (dense operands) equal the scalar functors (strided operands), float32 and float64.</summary>
    [Theory]
    [InlineData("mish")]
    [InlineData("tanh")]
    [InlineData("sigmoid")]
    [InlineData("sin")]
    public void Fused_derivative_paths_match_the_scalar_functors(string name)
    {
        var g = new Generator(8);
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            var dense = Tensor.Uniform(g, [1003], -25, 25, dtype);
            var strided = Tensor.Stack([dense, dense], 1).Select(1, 1);
            Tensor SecondDerivative(Tensor x)
            {
                var xr = x.Detach().RequiresGrad();
                var y = ApplyUnary(name, xr).Sum();
                var d1 = Engine.Autodiff.Autograd.Grad(y, [xr], createGraph: true)[0];
                return Tensor.Concat([d1, Engine.Autodiff.Autograd.Grad(d1.Sum(), [xr])[0]], 0);
            }
            double tol = dtype == DType.Float32 ? 2e-5 : 1e-12;
            TensorAssert.Close(SecondDerivative(strided), SecondDerivative(dense), tol, tol);
        }
    }

    /// <summary>Large reductions split across cores give the same bits as a single-threaded reference order.</summary>
    [Fact]
    public void Reductions_are_deterministic_and_correct()
    {
        var g = new Generator(2);
        var x = Tensor.RandN(g, [300, 257], DType.Float64);
        var a = x.Sum([1]).ToArrayDouble();
        var b = x.Sum([1]).ToArrayDouble();
        Assert.Equal(a, b);
        var values = x.ToArrayDouble();
        for (int r = 0; r < 300; r += 37)
            Assert.Equal(values.Skip(r * 257).Take(257).Sum(), a[r], 9);
        var cols = x.Sum([0]).ToArrayDouble();
        for (int c = 0; c < 257; c += 31)
            Assert.Equal(Enumerable.Range(0, 300).Sum(r => values[r * 257 + c]), cols[c], 9);
        var maxT = x.T.Max([0]).ToArrayDouble();
        for (int r = 0; r < 300; r += 41) Assert.Equal(values.Skip(r * 257).Take(257).Max(), maxT[r]);
    }

    [Fact]
    public void Conv1d_equals_the_direct_sum()
    {
        var g = new Generator(4);
        var x = Tensor.RandN(g, [2, 4, 9], DType.Float64);
        var w = Tensor.RandN(g, [6, 2, 3], DType.Float64);
        var b = Tensor.RandN(g, [6], DType.Float64);
        int stride = 2, pad = 2, dil = 2, groups = 2;
        var y = Tensor.Conv1d(x, w, b, stride, pad, dil, groups);
        var xs = x.ToArrayDouble();
        var ws = w.ToArrayDouble();
        var bs = b.ToArrayDouble();
        int lout = (9 + 2 * pad - dil * 2 - 1) / stride + 1;
        Assert.Equal(new[] { 2, 6, lout }, y.Shape);
        var ys = y.ToArrayDouble();
        for (int n = 0; n < 2; n++)
            for (int o = 0; o < 6; o++)
                for (int t = 0; t < lout; t++)
                {
                    double s = bs[o];
                    int grp = o / 3;
                    for (int ci = 0; ci < 2; ci++)
                        for (int k = 0; k < 3; k++)
                        {
                            int l = t * stride + k * dil - pad;
                            if (l >= 0 && l < 9) s += ws[(o * 2 + ci) * 3 + k] * xs[(n * 4 + grp * 2 + ci) * 9 + l];
                        }
                    Assert.Equal(s, ys[(n * 6 + o) * lout + t], 10);
                }
    }

    /// <summary>conv_transpose1d is the adjoint of conv1d: ⟨conv(x), y⟩ = ⟨x, convᵀ(y)⟩.</summary>
    [Fact]
    public void ConvTranspose1d_is_the_adjoint_of_conv1d()
    {
        var g = new Generator(6);
        var w = Tensor.RandN(g, [4, 3, 4], DType.Float64);
        var x = Tensor.RandN(g, [2, 3, 10], DType.Float64);
        var y = Tensor.Conv1d(x, w, stride: 2, padding: 1);
        var u = Tensor.RandN(g, y.Shape, DType.Float64);
        var back = Tensor.ConvTranspose1d(u, w, stride: 2, padding: 1);
        Assert.Equal(x.Shape, back.Shape);
        TensorAssert.Close(Tensor.Dot(y, u).Item(), Tensor.Dot(x, back).Item(), 1e-12);
    }
}
