using Engine.Testing;

namespace Engine.NN.Tests;

/// <summary>Every layer's derivatives (input and parameters, first and second order) against finite differences in float64.</summary>
public class LayerGradTests
{
    /// <summary>f(x, θ…) = sum of w ⊙ module(x) for a fixed random w, with the module's parameters as inputs.</summary>
    private static void CheckModule(string name, Module m, Func<Tensor, Tensor> forward, int[] xShape, ulong seed, bool secondOrder = true)
    {
        m.To(DType.Float64);
        var g = new Generator(seed);
        var x = Tensor.RandN(g, xShape, DType.Float64);
        var ps = m.Parameters().Select(p => (Tensor.RandN(g, p.Shape, DType.Float64) * 0.3 + p.Value.Detach())).ToArray();
        var inputs = new[] { x }.Concat(ps).ToArray();
        GradCheck.Check(name, xs => m.WithParameters(xs[1..], () => forward(xs[0])), inputs, g, secondOrder: secondOrder);
    }

    [Fact]
    public void LinearLayer()
    {
        var l = new Linear(3, 4, new Generator(1));
        CheckModule("Linear", l, x => l.Forward(x).Tanh(), [2, 5, 3], 11);
    }

    [Fact]
    public void Conv1dLayer()
    {
        var l = new Conv1d(4, 3, 3, new Generator(2), stride: 2, padding: 1);
        CheckModule("Conv1d", l, x => l.Forward(x).Tanh(), [2, 4, 7], 12);
    }

    [Fact]
    public void ConvTranspose1dLayer()
    {
        var l = new ConvTranspose1d(3, 2, 4, new Generator(3), stride: 2, padding: 1);
        CheckModule("ConvTranspose1d", l, x => l.Forward(x).Tanh(), [2, 3, 5], 13);
    }

    [Fact]
    public void GroupNormLayer()
    {
        var l = new GroupNorm(2, 4);
        CheckModule("GroupNorm", l, x => l.Forward(x).Sin(), [2, 4, 3], 14);
    }

    [Fact]
    public void LayerNormLayer()
    {
        var l = new LayerNorm(5);
        CheckModule("LayerNorm", l, x => l.Forward(x).Sin(), [3, 5], 15);
    }

    [Fact]
    public void ResidualTemporalBlockWithTimeEmbedding()
    {
        var g = new Generator(4);
        var b = new ResidualTemporalBlock(3, 8, 4, g, kernelSize: 3, nGroups: 4);
        var temb = Tensor.RandN(g, [2, 4], DType.Float64);
        CheckModule("RTB", b, x => b.Forward(x, temb), [2, 3, 6], 16);
    }

    [Fact]
    public void TemporalUnetInput()
    {
        var net = new TemporalUnet(8, 3, new Generator(5), dim: 8, dimMults: [1, 2]);
        net.To(DType.Float64);
        var g = new Generator(17);
        var t = Tensor.FromArray(new[] { 3, 11 }, 2);
        GradCheck.Check("TemporalUnet", xs => net.Forward(xs[0], t), [Tensor.RandN(g, [2, 8, 3], DType.Float64)], g, secondOrder: false);
    }

    [Fact]
    public void RewardNetworksSecondOrder()
    {
        // The reward loss differentiates ∂r/∂x with respect to θ: check x ↦ r and its second order at random θ.
        var g = new Generator(18);
        var vf = new ValueFunction(4, 3, g, dim: 4, dimMults: [8, 8], activation: () => new LeakyReLU());
        var t = Tensor.FromArray(new[] { 1, 7 }, 2);
        CheckModule("ValueFunction", vf, x => vf.Forward(x, t), [2, 4, 3], 19);
        var mlp = new SingleStepRewardMLP(2, 3, g, dimMults: [4, 2], activation: () => new Mish());
        CheckModule("SingleStepRewardMLP", mlp, x => mlp.Forward(x, t), [2, 2, 3], 20);
    }
}
