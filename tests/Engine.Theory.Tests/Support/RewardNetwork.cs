using Engine.Autodiff;

namespace Engine.Theory.Tests.Support;

/// <summary>
/// ρθ(x) = w₂ᵀ tanh(W₁ᵀx + b₁): a one-hidden-layer reward network on ℝ² written with engine tensors,
/// trained by gradient alignment (Eq. 14 / Algorithm 1 at a single diffusion time) with plain Adam.
/// </summary>
/// <remarks>
/// There is no output bias: a constant shift of ρ cannot change ∇ₓρ, so it would receive a zero gradient.
/// Parameters are kept as host arrays and re-wrapped as fresh leaves each step, which keeps the optimiser
/// independent of any in-place tensor API.
/// </remarks>
public sealed class RewardNetwork
{
    private readonly int _hidden;
    private readonly double[][] _theta;
    private readonly double[][] _m;
    private readonly double[][] _v;
    private int _step;

    public RewardNetwork(int hidden, Normals rnd)
    {
        _hidden = hidden;
        _theta = [rnd.Vector(2 * hidden, 1.5), rnd.Vector(hidden, 1.0), rnd.Vector(hidden, 0.1)];
        _m = _theta.Select(p => new double[p.Length]).ToArray();
        _v = _theta.Select(p => new double[p.Length]).ToArray();
    }

    private Tensor[] Leaves() =>
    [
        Tensor.FromArray((double[])_theta[0].Clone(), 2, _hidden).RequiresGrad(),
        Tensor.FromArray((double[])_theta[1].Clone(), _hidden).RequiresGrad(),
        Tensor.FromArray((double[])_theta[2].Clone(), _hidden, 1).RequiresGrad(),
    ];

    private static Tensor Reward(Tensor[] p, Tensor x) => (x.MatMul(p[0]) + p[1]).Tanh().MatMul(p[2]).Reshape(-1);

    /// <summary>∇ₓρθ at each row of <paramref name="points"/> [M, 2] (no graph kept).</summary>
    public double[][] InputGradient(double[][] points)
    {
        var x = TensorRows.ToTensor(points).RequiresGrad();
        var g = Autograd.Grad(Reward(Leaves(), x).Sum(), [x])[0];
        return TensorRows.FromFlat(g.ToArrayDouble(), points.Length, 2);
    }

    /// <summary>
    /// One Adam step on L(θ) = mean_b ‖∇ₓρθ(x_b) − target_b‖². The θ-gradient of L differentiates through
    /// ∇ₓρθ, i.e. needs the mixed second derivative D_θ∇ₓρθ: the input gradient is built with
    /// createGraph and the loss is back-propagated through it. Returns L before the step.
    /// </summary>
    public double AdamStep(Tensor points, Tensor target, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
    {
        var p = Leaves();
        var x = points.Detach().RequiresGrad();
        var grad = Autograd.Grad(Reward(p, x).Sum(), [x], createGraph: true)[0];
        var loss = (grad - target).Square().Sum([1]).Mean();
        loss.Backward();

        _step++;
        double c1 = 1 - Math.Pow(beta1, _step), c2 = 1 - Math.Pow(beta2, _step);
        for (int k = 0; k < _theta.Length; k++)
        {
            var g = p[k].Grad!.ToArrayDouble();
            for (int i = 0; i < g.Length; i++)
            {
                _m[k][i] = beta1 * _m[k][i] + (1 - beta1) * g[i];
                _v[k][i] = beta2 * _v[k][i] + (1 - beta2) * g[i] * g[i];
                _theta[k][i] -= learningRate * (_m[k][i] / c1) / (Math.Sqrt(_v[k][i] / c2) + eps);
            }
        }
        return loss.Item();
    }
}
