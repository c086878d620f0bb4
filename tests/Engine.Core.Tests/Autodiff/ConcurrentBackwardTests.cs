using Engine.Autodiff;

namespace Engine.Core.Tests.Autodiff;

/// <summary>
/// Reverse passes keep their visited marks and positions on the tensors themselves; passes running at
/// the same time over one shared graph overwrite each other's marks, which must be detected and never
/// change a gradient.
/// </summary>
public class ConcurrentBackwardTests
{
    [Fact]
    public void Concurrent_passes_over_one_graph_give_the_single_pass_gradients()
    {
        var g = new Generator(5);
        var x = Tensor.RandN(g, [16], DType.Float64).RequiresGrad();
        var w = Tensor.RandN(g, [16], DType.Float64).RequiresGrad();
        // A long chain with shared subexpressions (diamonds), so a pass visits many tensors more than once.
        var y = x;
        for (int i = 0; i < 200; i++) y = (y * w).Sin() + y * 0.5;
        var loss = y.Sum();
        var expected = Autograd.Grad(loss, [x, w]);
        var results = new Tensor[32][];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => results[i] = Autograd.Grad(loss, [x, w]));
        foreach (var r in results)
        {
            Assert.Equal(expected[0].ToArrayDouble(), r[0].ToArrayDouble());
            Assert.Equal(expected[1].ToArrayDouble(), r[1].ToArrayDouble());
        }
    }

    [Fact]
    public void A_nested_pass_inside_a_backward_rule_leaves_the_outer_gradients_exact()
    {
        // Group norm's input-gradient primitive differentiates its composite definition with a nested
        // pass during the outer double-backward pass; its result must match finite differences.
        var g = new Generator(6);
        var x = Tensor.RandN(g, [2, 4, 5], DType.Float64).RequiresGrad();
        var v = Tensor.RandN(g, [2, 4, 5], DType.Float64);
        Tensor F(Tensor a) => (Tensor.GroupNorm(a, 2).Square() * a).Sum();
        var grad = Autograd.Grad(F(x), [x], createGraph: true)[0];
        var hv = Autograd.Grad((grad * v).Sum(), [x])[0].ToArrayDouble();
        const double h = 1e-5;
        var xp = (x.Detach() + v * h).RequiresGrad();
        var xm = (x.Detach() - v * h).RequiresGrad();
        var gp = Autograd.Grad(F(xp), [xp])[0].ToArrayDouble();
        var gm = Autograd.Grad(F(xm), [xm])[0].ToArrayDouble();
        for (int i = 0; i < hv.Length; i++)
            Assert.Equal((gp[i] - gm[i]) / (2 * h), hv[i], 6);
    }
}
