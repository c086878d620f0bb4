using Engine.Autodiff;
using Engine.Testing;

namespace Engine.Core.Tests.Autodiff;

/// <summary>Nested derivatives: the classic perturbation-confusion tests, higher orders, and mixing the two modes.</summary>
public class NestingTests
{
    private static Tensor S(double v) => Tensor.Scalar(v);

    /// <summary>d/dx [x · d/dy (x + y)] = 1 for every x and y, in forward mode (Siskind &amp; Pearlmutter's example).</summary>
    [Theory]
    [InlineData(1.0, 2.0)]
    [InlineData(-3.0, 0.5)]
    public void Perturbation_confusion_forward(double x0, double y0)
    {
        var outer = ForwardAD.Jvp(x =>
        {
            var inner = ForwardAD.Jvp(y => x + y, S(y0), S(1)).Tangent;
            return x * inner;
        }, S(x0), S(1)).Tangent;
        Assert.Equal(1.0, outer.Item(), 12);
    }

    /// <summary>The same statement in reverse mode, nesting Grad inside Grad.</summary>
    [Theory]
    [InlineData(1.0, 2.0)]
    [InlineData(-3.0, 0.5)]
    public void Perturbation_confusion_reverse(double x0, double y0)
    {
        var x = S(x0).RequiresGrad();
        var y = S(y0).RequiresGrad();
        var inner = Autograd.Grad(x + y, [y], createGraph: true)[0];
        var outer = Autograd.Grad(x * inner, [x])[0];
        Assert.Equal(1.0, outer.Item(), 12);
    }

    /// <summary>A closure over an outer dual inside an inner derivative: d/dx d/dy (x·y²)|=2y is x-free; d/dx[x·(d/dy x·y)] = 2x.</summary>
    [Fact]
    public void Inner_derivative_of_closed_over_variable_keeps_outer_tangent()
    {
        double x0 = 1.7, y0 = -0.4;
        var result = ForwardAD.Jvp(x => x * ForwardAD.Jvp(y => x * y, S(y0), S(1)).Tangent, S(x0), S(1)).Tangent;
        Assert.Equal(2 * x0, result.Item(), 12);
    }

    /// <summary>Third derivative of sin by three nested forward passes, and by reverse over reverse over reverse.</summary>
    [Fact]
    public void Third_derivative_in_both_modes()
    {
        double x0 = 0.3;
        Tensor D(Func<Tensor, Tensor> f, Tensor x) => ForwardAD.Jvp(f, x, x.OnesLike()).Tangent;
        var forward = D(a => D(b => D(c => c.Sin(), b), a), S(x0));
        Assert.Equal(-Math.Cos(x0), forward.Item(), 12);

        var x = S(x0).RequiresGrad();
        var g1 = Autograd.Grad(x.Sin(), [x], createGraph: true)[0];
        var g2 = Autograd.Grad(g1, [x], createGraph: true)[0];
        var g3 = Autograd.Grad(g2, [x])[0];
        Assert.Equal(-Math.Cos(x0), g3.Item(), 12);
    }

    /// <summary>Reverse mode through dual numbers gives the JVP of the gradient (forward over reverse).</summary>
    [Fact]
    public void Forward_over_reverse_equals_reverse_over_reverse()
    {
        var g = new Generator(3);
        var x = Tensor.RandN(g, [5], DType.Float64);
        var v = Tensor.RandN(g, [5], DType.Float64);
        Tensor F(Tensor t) => (t.Sin() * t.Exp()).Sum() + t.Square().Sum().Square();
        var a = Functional.Hvp(F, x, v, HvpMode.ForwardOverReverse);
        var b = Functional.Hvp(F, x, v, HvpMode.ReverseOverReverse);
        TensorAssert.Close(b, a, 1e-12, 1e-12);
        Assert.True(a.Abs().Sum().Item() > 1e-3, "the Hessian-vector product should not vanish here");
    }

    /// <summary>Backward() accumulates into leaves across calls; a no-grad scope records nothing.</summary>
    [Fact]
    public void Backward_accumulates_and_no_grad_records_nothing()
    {
        var w = Tensor.FromArray([1.0, 2.0, 3.0]).RequiresGrad();
        (w * w).Sum().Backward();
        (w * 3.0).Sum().Backward();
        TensorAssert.Close(Tensor.FromArray([5.0, 7.0, 9.0]), w.Grad!);
        using (Autograd.NoGrad())
        {
            var y = w * 2.0;
            Assert.False(y.RequiresGradient);
        }
        Assert.Throws<InvalidOperationException>(() => Tensor.FromArray([1.0]).Backward());
    }

    /// <summary>Grad refuses an input the output does not use unless allowUnused, which then gives zeros.</summary>
    [Fact]
    public void Unused_inputs_are_an_error_unless_allowed()
    {
        var a = Tensor.FromArray([1.0, 2.0]).RequiresGrad();
        var b = Tensor.FromArray([1.0, 2.0]).RequiresGrad();
        var y = a.Sum();
        var ex = Assert.Throws<InvalidOperationException>(() => Autograd.Grad(y, [a, b]));
        Assert.Contains("input 1", ex.Message);
        var grads = Autograd.Grad(y, [a, b], allowUnused: true);
        TensorAssert.Close(Tensor.FromArray([0.0, 0.0]), grads[1]);
    }
}

/// <summary>Third derivatives through the fused derivative products, against the tensor-op forms.</summary>
public class FusedDerivativeTests
{
    [Theory]
    [InlineData("mish")]
    [InlineData("tanh")]
    [InlineData("sigmoid")]
    [InlineData("softplus")]
    [InlineData("sin")]
    public void Third_derivative_matches_composite(string name)
    {
        Func<Tensor, Tensor> fused = name switch
        {
            "mish" => x => x.Mish(),
            "tanh" => x => x.Tanh(),
            "sigmoid" => x => x.Sigmoid(),
            "softplus" => x => x.Softplus(),
            _ => x => x.Sin(),
        };
        // Composites built from exp/log/mul only, which share no fused rule with the op under test.
        Func<Tensor, Tensor> composite = name switch
        {
            "mish" => x => x * Tanh((1.0 + x.Exp()).Log()),
            "tanh" => Tanh,
            "sigmoid" => x => 1.0 / (1.0 + (-x).Exp()),
            "softplus" => x => (1.0 + x.Exp()).Log(),
            _ => x => x.Sin(),
        };
        var x0 = Tensor.FromArray([-1.3, -0.2, 0.4, 2.1]);
        Tensor D3(Func<Tensor, Tensor> f)
        {
            var x = x0.Detach().RequiresGrad();
            var g1 = Engine.Autodiff.Autograd.Grad(f(x).Sum(), [x], createGraph: true)[0];
            var g2 = Engine.Autodiff.Autograd.Grad(g1.Sum(), [x], createGraph: true)[0];
            return Engine.Autodiff.Autograd.Grad(g2.Sum(), [x])[0];
        }
        if (name == "sin") TensorAssert.Close(-x0.Cos(), D3(fused), 1e-12, 1e-12);
        else TensorAssert.Close(D3(composite), D3(fused), 1e-9, 1e-10);
    }

    private static Tensor Tanh(Tensor x)
    {
        var e = (x * 2.0).Exp();
        return (e - 1.0) / (e + 1.0);
    }
}
