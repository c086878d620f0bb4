namespace Engine.NN;

/// <summary>
/// torch.optim.Adam (amsgrad = False): g ← g + λ·p (L2 weight decay, not AdamW); m ← β₁m + (1−β₁)g;
/// v ← β₂v + (1−β₂)g²; p ← p − (lr/(1−β₁ᵗ))·m / (√v/√(1−β₂ᵗ) + ε).
/// </summary>
public sealed class Adam : Optimizer
{
    private readonly Tensor?[] _m, _v;
    private readonly int[] _t;

    /// <summary>Adam over <paramref name="parameters"/> (torch.optim.Adam semantics; weightDecay is L2 added to the gradient).</summary>
    public Adam(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0)
        : base(parameters, lr)
    {
        if (beta1 is < 0 or >= 1 || beta2 is < 0 or >= 1) throw new ArgumentException($"Adam: betas must be in [0, 1), got ({beta1}, {beta2})");
        Beta1 = beta1; Beta2 = beta2; Eps = eps; WeightDecay = weightDecay;
        _m = new Tensor?[Params.Length];
        _v = new Tensor?[Params.Length];
        _t = new int[Params.Length];
    }

    /// <summary>β₁.</summary>
    public double Beta1 { get; }
    /// <summary>β₂.</summary>
    public double Beta2 { get; }
    /// <summary>ε.</summary>
    public double Eps { get; }
    /// <summary>L2 weight decay.</summary>
    public double WeightDecay { get; }

    /// <inheritdoc/>
    protected override void WriteState(Dictionary<string, Tensor> state)
    {
        for (int i = 0; i < Params.Length; i++)
        {
            if (_m[i] is not Tensor m || _v[i] is not Tensor v) continue;
            state[$"{i}.exp_avg"] = Snapshot(m);
            state[$"{i}.exp_avg_sq"] = Snapshot(v);
            state[$"{i}.step"] = Tensor.FromArray(new[] { _t[i] }, 1);
        }
    }

    /// <inheritdoc/>
    protected override void ReadState(IReadOnlyDictionary<string, Tensor> state)
    {
        for (int i = 0; i < Params.Length; i++)
        {
            _m[i] = ReadBuffer(state, i, "exp_avg");
            _v[i] = ReadBuffer(state, i, "exp_avg_sq");
            if ((_m[i] == null) != (_v[i] == null))
                throw new InvalidDataException($"Adam.LoadStateDict: parameter {i} has only one of exp_avg and exp_avg_sq");
            _t[i] = _m[i] != null && state.TryGetValue($"{i}.step", out var s) ? ReadInt($"{i}.step", s) : 0;
        }
    }

    /// <inheritdoc/>
    protected override Tensor Update(int i, Tensor p, Tensor g)
    {
        // Step counts are per parameter, as PyTorch's state['step'] (a parameter first seen late starts at 1).
        int t = ++_t[i];
        // One fused pass where the backend has it (same operations in the same order as below, so the
        // same bits); the tensor-op form below is the fallback and the definition.
        var c = new Engine.Backends.AdamCoefficients(Beta1, Beta2, Eps, WeightDecay,
            Lr / (1 - Math.Pow(Beta1, t)), 1 / Math.Sqrt(1 - Math.Pow(Beta2, t)));
        if (OptimizerKernels.TryAdam(p, g, _m[i], _v[i], c, out var fusedP, out var fusedM, out var fusedV))
        {
            _m[i]?.Dispose();
            _v[i]?.Dispose();
            _m[i] = fusedM.DetachFromScope();
            _v[i] = fusedV.DetachFromScope();
            return fusedP;
        }
        if (WeightDecay != 0) g = g + p * WeightDecay;
        // The moments are private state: the new ones leave any dispose scope, and the old ones (which
        // nothing else can reference) go straight back to the storage pool.
        Tensor? oldM = _m[i], oldV = _v[i];
        _m[i] = (oldM is Tensor m ? m * Beta1 + g * (1 - Beta1) : g * (1 - Beta1)).DetachFromScope();
        _v[i] = (oldV is Tensor v ? v * Beta2 + g.Square() * (1 - Beta2) : g.Square() * (1 - Beta2)).DetachFromScope();
        oldM?.Dispose();
        oldV?.Dispose();
        double bc1 = 1 - Math.Pow(Beta1, t), bc2 = 1 - Math.Pow(Beta2, t);
        var denom = _v[i]!.Sqrt() * (1 / Math.Sqrt(bc2)) + Eps;
        return p - _m[i]! / denom * (Lr / bc1);
    }
}
