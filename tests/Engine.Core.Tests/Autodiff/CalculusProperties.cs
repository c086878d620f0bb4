using Engine.Autodiff;
using Engine.Testing;

namespace Engine.Core.Tests.Autodiff;

/// <summary>Properties of derivatives that hold for every smooth function: checked on random small networks.</summary>
public class CalculusProperties
{
    /// <summary>A random smooth scalar function of x [n]: a two-layer tanh/Mish network plus a quartic term.</summary>
    private static Func<Tensor, Tensor> RandomFunction(Generator g, int n)
    {
        var w1 = Tensor.RandN(g, [n, 6], DType.Float64);
        var w2 = Tensor.RandN(g, [6], DType.Float64);
        return x => (x.Reshape(1, n).MatMul(w1).Tanh().Mish().Reshape(6) * w2).Sum() + x.Square().Sum().Square() * 0.1;
    }

    [EngineProperty]
    public bool Hessian_is_symmetric(int seed, byte size)
    {
        var g = new Generator((ulong)seed);
        int n = 1 + size % 6;
        var f = RandomFunction(g, n);
        var x = Tensor.RandN(g, [n], DType.Float64);
        var v = Tensor.RandN(g, [n], DType.Float64);
        var w = Tensor.RandN(g, [n], DType.Float64);
        double a = Tensor.Dot(w, Functional.Hvp(f, x, v)).Item();
        double b = Tensor.Dot(v, Functional.Hvp(f, x, w, HvpMode.ReverseOverReverse)).Item();
        return Math.Abs(a - b) <= 1e-9 * (1 + Math.Abs(a));
    }

    [EngineProperty]
    public bool Hvp_equals_finite_difference_of_gradients(int seed, byte size)
    {
        var g = new Generator((ulong)seed);
        int n = 1 + size % 6;
        var f = RandomFunction(g, n);
        var x = Tensor.RandN(g, [n], DType.Float64);
        var v = Tensor.RandN(g, [n], DType.Float64);
        const double eps = 1e-5;
        var fd = (Functional.Gradient(f, x + v * eps) - Functional.Gradient(f, x - v * eps)) / (2 * eps);
        var hv = Functional.Hvp(f, x, v);
        var diff = (fd - hv).Abs().Max().Item();
        return diff <= 1e-6 * (1 + hv.Abs().Max().Item());
    }

    [EngineProperty]
    public bool Gradient_is_linear(int seed, double a, double b)
    {
        if (!double.IsFinite(a) || !double.IsFinite(b)) return true;
        a = Math.Clamp(a, -10, 10);
        b = Math.Clamp(b, -10, 10);
        var gen = new Generator((ulong)seed);
        var f = RandomFunction(gen, 4);
        var h = RandomFunction(gen, 4);
        var x = Tensor.RandN(gen, [4], DType.Float64);
        var lhs = Functional.Gradient(t => f(t) * a + h(t) * b, x);
        var rhs = Functional.Gradient(f, x) * a + Functional.Gradient(h, x) * b;
        return (lhs - rhs).Abs().Max().Item() <= 1e-10 * (1 + rhs.Abs().Max().Item());
    }

    /// <summary>The Jacobian from forward mode equals the one from reverse mode, row by row.</summary>
    [Fact]
    public void Jacobian_forward_equals_reverse()
    {
        var g = new Generator(9);
        var w = Tensor.RandN(g, [3, 4], DType.Float64);
        Tensor F(Tensor x) => w.MatMul(x.Sin()).Tanh() * x.Sum();
        var x0 = Tensor.RandN(g, [4], DType.Float64);
        var jac = Functional.Jacobian(F, x0);
        for (int i = 0; i < 3; i++)
        {
            var e = new double[3];
            e[i] = 1;
            var (_, pullback) = Functional.Vjp(F, x0);
            TensorAssert.Close(pullback(Tensor.FromArray(e)), jac.Select(0, i), 1e-12, 1e-13);
        }
        var hess = Functional.Hessian(t => F(t).Sum(), x0);
        TensorAssert.Close(hess, hess.T.Contiguous(), 1e-10, 1e-12);
    }
}
