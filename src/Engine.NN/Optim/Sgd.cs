namespace Engine.NN;

/// <summary>torch.optim.SGD: g ← g + λp; with momentum μ: b ← μb + (1−dampening)g (b = g at the first step), g ← b (or g + μb if Nesterov); p ← p − lr·g.</summary>
public sealed class Sgd : Optimizer
{
    private readonly Tensor?[] _buf;

    /// <summary>SGD over <paramref name="parameters"/> (torch.optim.SGD semantics).</summary>
    public Sgd(IEnumerable<Parameter> parameters, double lr, double momentum = 0, double dampening = 0, double weightDecay = 0, bool nesterov = false)
        : base(parameters, lr)
    {
        if (nesterov && (momentum <= 0 || dampening != 0)) throw new ArgumentException("Sgd: Nesterov momentum requires momentum > 0 and zero dampening");
        Momentum = momentum; Dampening = dampening; WeightDecay = weightDecay; Nesterov = nesterov;
        _buf = new Tensor?[Params.Length];
    }

    /// <summary>Momentum factor (0: none).</summary>
    public double Momentum { get; }
    /// <summary>Dampening of the momentum.</summary>
    public double Dampening { get; }
    /// <summary>L2 weight decay.</summary>
    public double WeightDecay { get; }
    /// <summary>Nesterov momentum.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc/>
    protected override void WriteState(Dictionary<string, Tensor> state)
    {
        for (int i = 0; i < Params.Length; i++)
            if (_buf[i] is Tensor b) state[$"{i}.momentum_buffer"] = Snapshot(b);
    }

    /// <inheritdoc/>
    protected override void ReadState(IReadOnlyDictionary<string, Tensor> state)
    {
        for (int i = 0; i < Params.Length; i++) _buf[i] = ReadBuffer(state, i, "momentum_buffer");
    }

    /// <inheritdoc/>
    protected override Tensor Update(int i, Tensor p, Tensor g)
    {
        if (WeightDecay != 0) g = g + p * WeightDecay;
        if (Momentum != 0)
        {
            var b = _buf[i] is Tensor old ? old * Momentum + g * (1 - Dampening) : g;
            // Momentum is state that outlives the step's dispose scope (at the first step it is g itself,
            // so it is not disposed when replaced: the caller may still hold that gradient).
            _buf[i] = b.DetachFromScope();
            g = Nesterov ? g + b * Momentum : b;
        }
        return p - g * Lr;
    }
}
