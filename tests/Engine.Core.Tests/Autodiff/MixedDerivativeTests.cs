using Engine.Autodiff;
using Engine.Testing;

namespace Engine.Core.Tests.Autodiff;

/// <summary>
/// The derivative the paper trains with: d/dθ of mean_b ‖∇ₓρθ(x_b, t_b) − target_b‖², for a small
/// reward network with a sinusoidal time embedding (Linear → Mish → Linear), checked against central
/// finite differences in θ along random directions.
/// </summary>
public class MixedDerivativeTests
{
    private sealed record Net(Tensor W1, Tensor B1, Tensor W2, Tensor B2)
    {
        public Tensor[] Parameters => [W1, B1, W2, B2];

        /// <summary>ρθ(x, t): x [batch, 4], t [batch] → [batch].</summary>
        public Tensor Reward(Tensor x, Tensor t)
        {
            var h = Tensor.Concat([x, TimeEmbedding(t, 6)], 1);
            h = (h.MatMul(W1) + B1).Mish();
            return (h.MatMul(W2) + B2).Reshape(-1);
        }
    }

    /// <summary>[sin(t·fₖ), cos(t·fₖ)] with fₖ = exp(−k·ln(10⁴)/(d/2 − 1)), as Diffuser's SinusoidalPosEmb.</summary>
    private static Tensor TimeEmbedding(Tensor t, int dim)
    {
        int half = dim / 2;
        var freqs = Tensor.FromArray(Enumerable.Range(0, half).Select(k => Math.Exp(-k * Math.Log(10000) / (half - 1))).ToArray());
        var arg = t.Reshape(-1, 1) * freqs;
        return Tensor.Concat([arg.Sin(), arg.Cos()], 1);
    }

    private static double Loss(Net net, Tensor x, Tensor t, Tensor target, out Tensor loss)
    {
        var xr = x.Detach().RequiresGrad();
        var g = Autograd.Grad(net.Reward(xr, t).Sum(), [xr], createGraph: true)[0];
        loss = (g - target).Square().Sum([1]).Mean();
        return loss.Item();
    }

    [Fact]
    public void Reward_alignment_gradient_matches_finite_differences_in_theta()
    {
        var gen = new Generator(11);
        Tensor P(params int[] s) => (Tensor.RandN(gen, s, DType.Float64) * 0.5).RequiresGrad();
        var net = new Net(P(10, 16), P(16), P(16, 1), P(1));
        var x = Tensor.RandN(gen, [8, 4], DType.Float64);
        var t = Tensor.FromArray(Enumerable.Range(0, 8).Select(i => (double)(i * 7 % 64)).ToArray());
        var target = Tensor.RandN(gen, [8, 4], DType.Float64);

        Loss(net, x, t, target, out var loss);
        // The last bias shifts ρ by a constant and so cannot change ∇ₓρ: its gradient is exactly zero.
        var grads = Autograd.Grad(loss, net.Parameters, allowUnused: true);
        Assert.Equal(0.0, grads[3].Abs().Sum().Item());

        for (int trial = 0; trial < 3; trial++)
        {
            var d = net.Parameters.Select(p => Tensor.RandN(gen, p.Shape, DType.Float64)).ToArray();
            double analytic = grads.Zip(d, (g, di) => Tensor.Dot(g, di).Item()).Sum();
            const double eps = 1e-5;
            Net Shift(double s) => new(
                (net.W1.Detach() + d[0] * s), (net.B1.Detach() + d[1] * s), (net.W2.Detach() + d[2] * s), (net.B2.Detach() + d[3] * s));
            double numeric = (Loss(Shift(eps), x, t, target, out _) - Loss(Shift(-eps), x, t, target, out _)) / (2 * eps);
            TensorAssert.Close(numeric, analytic, 1e-6);
            Assert.True(Math.Abs(analytic) > 1e-4, "the directional derivative should not vanish");
        }
    }

    /// <summary>Backward() on the alignment loss fills every parameter's Grad with the same values as Grad().</summary>
    [Fact]
    public void Backward_fills_parameter_grads_through_the_second_derivative()
    {
        var gen = new Generator(5);
        Tensor P(params int[] s) => (Tensor.RandN(gen, s, DType.Float64) * 0.5).RequiresGrad();
        var net = new Net(P(10, 16), P(16), P(16, 1), P(1));
        var x = Tensor.RandN(gen, [4, 4], DType.Float64);
        var t = Tensor.FromArray([1.0, 5.0, 9.0, 30.0]);
        var target = Tensor.RandN(gen, [4, 4], DType.Float64);
        Loss(net, x, t, target, out var loss);
        var expected = Autograd.Grad(loss, net.Parameters[..3]);
        Loss(net, x, t, target, out var loss2);
        loss2.Backward();
        for (int i = 0; i < expected.Length; i++) TensorAssert.Close(expected[i], net.Parameters[i].Grad!, 1e-12, 1e-14);
        Assert.Null(net.B2.Grad);
    }
}
