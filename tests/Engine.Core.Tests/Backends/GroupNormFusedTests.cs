using Engine.Autodiff;
using Engine.Ops;
using Engine.Testing;

namespace Engine.Core.Tests.Backends;

/// <summary>The CPU's fused group norm against its composite definition: values and gradients, both dtypes, large blocks.</summary>
public class GroupNormFusedTests
{
    [Theory]
    [InlineData(DType.Float64, 1e-12)]
    [InlineData(DType.Float32, 2e-5)]
    public void Fused_matches_composite(DType dtype, double tol)
    {
        // Big enough to take the parallel path and the vector loops with tails (rest = 37).
        var g = new Generator(11);
        var x = (Tensor.RandN(g, [6, 32, 37], dtype) * 3 + 1).RequiresGrad();
        var w = Tensor.RandN(g, [32], dtype).RequiresGrad();
        var b = Tensor.RandN(g, [32], dtype).RequiresGrad();
        var gy = Tensor.RandN(g, [6, 32, 37], dtype);

        var fused = Tensor.GroupNorm(x, 8, w, b);
        var composite = GroupNormMath.Forward(x, 8, 1e-5, w, b);
        TensorAssert.Close(composite, fused, tol, tol);

        var gf = Autograd.Grad(fused, [x, w, b], gy);
        var gc = Autograd.Grad(composite, [x, w, b], gy);
        for (int i = 0; i < 3; i++) TensorAssert.Close(gc[i], gf[i], tol * 10, tol * 10);
    }

    [Fact]
    public void Double_backward_matches_composite()
    {
        var g = new Generator(12);
        var x = Tensor.RandN(g, [3, 8, 10], DType.Float64).RequiresGrad();
        var w = Tensor.RandN(g, [8], DType.Float64).RequiresGrad();
        Tensor Penalty(Func<Tensor, Tensor> norm)
        {
            var gx = Autograd.Grad(norm(x).Sin().Sum(), [x], createGraph: true)[0];
            return gx.Square().Sum();
        }
        var fused = Autograd.Grad(Penalty(t => Tensor.GroupNorm(t, 4, w)), [x, w]);
        var composite = Autograd.Grad(Penalty(t => GroupNormMath.Forward(t, 4, 1e-5, w, null)), [x, w]);
        for (int i = 0; i < 2; i++) TensorAssert.Close(composite[i], fused[i], 1e-10, 1e-10);
    }

    [Fact]
    public void Fused_is_deterministic()
    {
        var x = Tensor.RandN(new Generator(13), [16, 64, 33]);
        var first = Tensor.GroupNorm(x, 8).ToArrayFloat();
        for (int i = 0; i < 3; i++) Assert.Equal(first, Tensor.GroupNorm(x, 8).ToArrayFloat());
    }
}
