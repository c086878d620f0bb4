using Engine.Autodiff;
using Engine.Testing;

namespace Engine.Core.Tests.Autodiff;

/// <summary>Functional.Hvp with createGraph: the product is differentiable again (third order).</summary>
public class HvpCreateGraphTests
{
    private static Tensor F(Tensor t) => (t.Sin() * t.Exp()).Sum() + t.Square().Sum().Square();

    /// <summary>∇ₓ⟨u, H(x)·v⟩ through Hvp(createGraph) equals central differences of ⟨u, H(x)·v⟩ in x.</summary>
    [Fact]
    public void GradientOfTheProductInXMatchesFiniteDifferences()
    {
        var g = new Generator(11);
        var x = Tensor.RandN(g, [4], DType.Float64);
        var v = Tensor.RandN(g, [4], DType.Float64);
        var u = Tensor.RandN(g, [4], DType.Float64);
        var xr = x.RequiresGrad();
        var hv = Functional.Hvp(F, xr, v, createGraph: true);
        var third = Autograd.Grad(Tensor.Dot(u, hv), [xr])[0].ToArrayDouble();

        double Phi(double[] at) => Tensor.Dot(u, Functional.Hvp(F, Tensor.FromArray(at), v)).Item();
        var x0 = x.ToArrayDouble();
        const double h = 1e-5;
        for (int i = 0; i < x0.Length; i++)
        {
            var plus = (double[])x0.Clone(); plus[i] += h;
            var minus = (double[])x0.Clone(); minus[i] -= h;
            double fd = (Phi(plus) - Phi(minus)) / (2 * h);
            TensorAssert.Close(fd, third[i], 1e-6 * Math.Max(1, Math.Abs(fd)));
        }
        Assert.True(third.Sum(Math.Abs) > 1e-3, "the third-order term should not vanish here");
    }

    /// <summary>The product is differentiable in a captured parameter: d/dw H·v for f(x) = w·Σx³ is H·v / w.</summary>
    [Fact]
    public void GradientOfTheProductInACapturedParameter()
    {
        var w = Tensor.Scalar(1.7).RequiresGrad();
        var x = Tensor.FromArray([0.5, -1.0, 2.0]);
        var v = Tensor.FromArray([1.0, 2.0, -1.0]);
        var hv = Functional.Hvp(t => (t * t * t).Sum() * w, x, v, createGraph: true);
        // H = diag(6w·x), H·v = 6w·x⊙v; d/dw Σ H·v = 6·Σ x⊙v.
        TensorAssert.Close(Tensor.FromArray([6 * 1.7 * 0.5, 6 * 1.7 * -2.0, 6 * 1.7 * -2.0]), hv);
        var dw = Autograd.Grad(hv.Sum(), [w])[0].Item();
        Assert.Equal(6 * (0.5 - 2.0 - 2.0), dw, 12);
    }

    [Fact]
    public void WithoutCreateGraphTheProductIsAConstantAndForwardModeIsRefusedWithIt()
    {
        var x = Tensor.FromArray([0.3, 0.4]).RequiresGrad();
        var v = Tensor.FromArray([1.0, -1.0]);
        Assert.False(Functional.Hvp(F, x, v).RequiresGradient);
        Assert.False(Functional.Hvp(F, x, v, HvpMode.ReverseOverReverse).RequiresGradient);
        Assert.True(Functional.Hvp(F, x, v, createGraph: true).RequiresGradient);
        Assert.Throws<ArgumentException>(() => Functional.Hvp(F, x, v, HvpMode.ForwardOverReverse, createGraph: true));
        // Both forms still agree, and the recorded one has the same value.
        TensorAssert.Close(Functional.Hvp(F, x, v), Functional.Hvp(F, x, v, createGraph: true).Detach(), 1e-12, 1e-12);
    }
}
