namespace Engine.NN;

/// <summary>
/// torch.optim.Adam (amsgrad = False): g ← g + λ·p (L2 weight decay, not AdamW); m ← β₁m + (1−β₁)g;
/// v ← β₂v + (1−β₂)g²; p ← p − (lr/(1−β₁ᵗ))·m / (√v/√(1−β₂ᵗ) + ε).
/// </summary>
public sealed class Adam : Optimizer
{
    private readonly Tensor?[] _m, _v;
    private readonly int[] _t;

    public Adam(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0)
        : base(parameters, lr)
    {
        if (beta1 is < 0 or >= 1 || beta2 is < 0 or >= 1) throw new ArgumentException($"Adam: betas must be in [0, 1), got ({beta1}, {beta2})");
        Beta1 = beta1; Beta2 = beta2; Eps = eps; WeightDecay = weightDecay;
        _m = new Tensor?[Params.Length];
        _v = new Tensor?[Params.Length];
        _t = new int[Params.Length];
    }

    public double Beta1 { get; }
    public double Beta2 { get; }
    public double Eps { get; }
    public double WeightDecay { get; }

    /// <summary>
    /// The moments as tensors named <c>m.{i}</c> / <c>v.{i}</c> (parameter order) and the per-parameter step
    /// counts, so a checkpoint can resume the optimiser exactly (Diffuser's loader restarts it instead).
    /// </summary>
    public (Dictionary<string, Tensor> Moments, int[] Steps) State()
    {
        var d = new Dictionary<string, Tensor>();
        for (int i = 0; i < Params.Length; i++)
        {
            if (_m[i] is Tensor m) d[$"m.{i}"] = m.Detach();
            if (_v[i] is Tensor v) d[$"v.{i}"] = v.Detach();
        }
        return (d, (int[])_t.Clone());
    }

    /// <summary>Restores <see cref="State"/>; shapes and the parameter count must match.</summary>
    public void LoadState(IReadOnlyDictionary<string, Tensor> moments, int[] steps)
    {
        if (steps.Length != Params.Length) throw new InvalidDataException($"Adam.LoadState: {steps.Length} step counts for {Params.Length} parameters");
        for (int i = 0; i < Params.Length; i++)
        {
            _m[i] = moments.TryGetValue($"m.{i}", out var m) ? Checked($"m.{i}", m, Params[i]) : null;
            _v[i] = moments.TryGetValue($"v.{i}", out var v) ? Checked($"v.{i}", v, Params[i]) : null;
            if ((_m[i] == null) != (steps[i] == 0)) throw new InvalidDataException($"Adam.LoadState: parameter {i} has step {steps[i]} but {(_m[i] == null ? "no" : "a")} first moment");
            _t[i] = steps[i];
        }

        static Tensor Checked(string name, Tensor t, Parameter p) =>
            t.Shape.SequenceEqual(p.Shape) ? t.Cast(p.Value.DType).To(p.Value.Backend)
            : throw new InvalidDataException($"Adam.LoadState: {name} is {ShapeFormat.Of(t)}, the parameter {ShapeFormat.Of(p.Shape)}");
    }

    protected override Tensor Update(int i, Tensor p, Tensor g)
    {
        if (WeightDecay != 0) g = g + p * WeightDecay;
        // Step counts are per parameter, as PyTorch's state['step'] (a parameter first seen late starts at 1).
        int t = ++_t[i];
        _m[i] = _m[i] is Tensor m ? m * Beta1 + g * (1 - Beta1) : g * (1 - Beta1);
        _v[i] = _v[i] is Tensor v ? v * Beta2 + g.Square() * (1 - Beta2) : g.Square() * (1 - Beta2);
        double bc1 = 1 - Math.Pow(Beta1, t), bc2 = 1 - Math.Pow(Beta2, t);
        var denom = _v[i]!.Sqrt() * (1 / Math.Sqrt(bc2)) + Eps;
        return p - _m[i]! / denom * (Lr / bc1);
    }
}
