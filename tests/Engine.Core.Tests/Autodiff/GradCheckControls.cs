using Engine.Kernels.Scalar;
using Engine.Ops;
using Engine.Testing;

namespace Engine.Core.Tests.Autodiff;

/// <summary>Negative controls: the gradient checker must catch wrong first- and second-order rules.</summary>
public class GradCheckControls
{
    [Fact]
    public void A_wrong_first_derivative_is_caught()
    {
        var wrong = new UnaryOp<SinF>("sin_wrong", default, (g, x, y) => g * x.Sin());
        var g = new Generator(1);
        Assert.Throws<GradCheckException>(() => GradCheck.Check("sin_wrong", x => wrong.Apply(x[0]), [Tensor.RandN(g, [4], DType.Float64)], g));
    }

    /// <summary>A rule that is right to first order but detaches its saved input is not differentiable again: caught at order two.</summary>
    [Fact]
    public void A_detached_rule_is_caught_at_second_order()
    {
        var detached = new UnaryOp<SinF>("sin_detached", default, (g, x, y) => g * x.Detach().Cos());
        var g = new Generator(2);
        var ex = Assert.Throws<GradCheckException>(() => GradCheck.Check("sin_detached", x => detached.Apply(x[0]), [Tensor.RandN(g, [4], DType.Float64)], g));
        Assert.Contains("second-order", ex.Message);
    }
}
