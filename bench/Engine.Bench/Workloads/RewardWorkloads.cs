using Engine.Autodiff;
using Engine.NN;

namespace Engine.Bench.Workloads;

/// <summary>W2, W3 and W6 of ../shared/peer/README.md, as actions that run one timed call each.</summary>
public static class RewardWorkloads
{
    /// <summary>The peer's batch of W2 and W3.</summary>
    public const int Batch = 256;

    private static (RewardMlp Net, Tensor X, Tensor Emb, Tensor Target) Setup(int batch)
    {
        var g = new Generator(0);
        var net = new RewardMlp(g);
        var x = Tensor.RandN(g, [batch, 24]);
        var t = Tensor.RandInt(g, 0, 64, [batch]).Cast(DType.Float32);
        var target = Tensor.RandN(g, [batch, 24]);
        return (net, x, net.TimeEmbedding(t, DType.Float32), target);
    }

    /// <summary>W2: g = ∂Σρ/∂x with createGraph, loss = mean_b ‖g_b − target_b‖², ∂loss/∂θ, Adam step.</summary>
    /// <param name="batch">Rows of x [batch, 24]: the peer's 256, fewer for the GPU check's dry run.</param>
    public static Action W2RewardAlignmentStep(int batch = Batch)
    {
        var (net, x, emb, target) = Setup(batch);
        var parameters = net.Parameters;
        var adam = new Adam(parameters, lr: 1e-3) { DisposeReplacedValues = true };
        return () =>
        {
            using var scope = Tensor.Scope();
            var xr = x.Detach().RequiresGrad();
            var r = net.Forward(xr, emb);
            var g = Autograd.Grad(r.Sum(), [xr], createGraph: true)[0];
            var loss = (g - target).Square().Sum([1]).Mean();
            var grads = Autograd.Grad(loss, parameters.Select(p => p.Value).ToArray(), allowUnused: true);
            for (int i = 0; i < parameters.Length; i++) parameters[i].Grad = grads[i];
            adam.Step();
        };
    }

    /// <summary>W3: Hv = ∂(⟨∂Σρ/∂x, v⟩)/∂x, no parameter gradients (reverse over reverse, as the peer does).</summary>
    /// <param name="mode">How the second derivative is taken.</param>
    /// <param name="batch">Rows of x [batch, 24]: the peer's 256, fewer for the GPU check's dry run.</param>
    public static Action W3HessianVectorProduct(HvpMode mode = HvpMode.ReverseOverReverse, int batch = Batch)
    {
        // As in the peer, the weights still require grad; only ∂/∂x is asked for.
        var (net, x, emb, _) = Setup(batch);
        var v = Tensor.RandN(new Generator(1), [batch, 24]);
        return () => Functional.Hvp(xx => net.Forward(xx, emb).Sum(), x, v, mode);
    }

    /// <summary>W6: 25 × (·1.01, +0.01, sin, tanh) on a 64-element leaf, sum, backward, grad reset (per call: 100 ops).</summary>
    public static Action W6PerOpOverhead()
    {
        var leaf = Tensor.RandN(new Generator(0), [64]).RequiresGrad();
        return () =>
        {
            var y = leaf;
            for (int i = 0; i < 25; i++) y = (y * 1.01 + 0.01).Sin().Tanh();
            y.Sum().Backward();
            leaf.Grad = null;
        };
    }
}
