using Engine.Autodiff;

namespace Engine.Bench.Workloads;

/// <summary>
/// The reward network ρ of workloads W2, W3 and W5-guided (../shared/peer/README.md): x [batch, 24]
/// (h = 4 state-action pairs of dimension 6) and t [batch] → a 16-dim sinusoidal embedding,
/// concatenated → Linear 40→128 → Mish → 128→64 → Mish → 64→32 → Mish → 32→1 (15,617 parameters).
/// Written with core tensor ops only, so the benchmarks measure the engine, not a layer library.
/// </summary>
internal sealed class RewardMlp
{
    private static readonly int[] Widths = [40, 128, 64, 32, 1];

    public Tensor[] Parameters { get; }

    public RewardMlp(Generator g)
    {
        var ps = new List<Tensor>();
        for (int i = 0; i + 1 < Widths.Length; i++)
        {
            // PyTorch's default Linear init: U(−1/√fan_in, 1/√fan_in) for weight and bias.
            double bound = 1 / Math.Sqrt(Widths[i]);
            ps.Add(Tensor.Uniform(g, [Widths[i], Widths[i + 1]], -bound, bound).RequiresGrad());
            ps.Add(Tensor.Uniform(g, [Widths[i + 1]], -bound, bound).RequiresGrad());
        }
        Parameters = ps.ToArray();
    }

    /// <summary>[sin(t·fₖ), cos(t·fₖ)], fₖ = exp(−k·ln(10⁴)/7), k = 0…7: t [batch] → [batch, 16].</summary>
    public static Tensor TimeEmbedding(Tensor t)
    {
        var freqs = Tensor.FromArray(Enumerable.Range(0, 8).Select(k => (float)Math.Exp(-k * Math.Log(10000) / 7)).ToArray());
        var arg = t.Reshape(-1, 1) * freqs;
        return Tensor.Concat([arg.Sin(), arg.Cos()], 1);
    }

    /// <summary>ρ(x, t): x [batch, 24], tEmbedding [batch, 16] → [batch, 1].</summary>
    public Tensor Forward(Tensor x, Tensor tEmbedding)
    {
        var h = Tensor.Concat([x, tEmbedding], 1);
        for (int i = 0; i < Parameters.Length; i += 2)
        {
            h = h.MatMul(Parameters[i]) + Parameters[i + 1];
            if (i + 2 < Parameters.Length) h = h.Mish();
        }
        return h;
    }
}

/// <summary>Adam (lr 1e-3, β = (0.9, 0.999), ε = 1e-8) over tensors that are replaced after each step.</summary>
internal sealed class PlainAdam(Tensor[] parameters, double lr = 1e-3)
{
    private readonly Tensor[] _m = parameters.Select(p => p.ZerosLike()).ToArray();
    private readonly Tensor[] _v = parameters.Select(p => p.ZerosLike()).ToArray();
    private int _step;

    public void Step(Tensor[] grads)
    {
        _step++;
        double c1 = 1 - Math.Pow(0.9, _step), c2 = 1 - Math.Pow(0.999, _step);
        using var _ = Autograd.NoGrad();
        for (int i = 0; i < parameters.Length; i++)
        {
            _m[i] = _m[i] * 0.9 + grads[i] * 0.1;
            _v[i] = _v[i] * 0.999 + grads[i].Square() * 0.001;
            var update = _m[i] / ((_v[i] / c2).Sqrt() + 1e-8) * (lr / c1);
            parameters[i] = (parameters[i] - update).RequiresGrad();
        }
    }
}
