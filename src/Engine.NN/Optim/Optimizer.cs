using Engine.Autodiff;

namespace Engine.NN;

/// <summary>Base of the optimisers: a parameter list, ZeroGrad, and Step (under NoGrad; parameters without a gradient are skipped, as in PyTorch).</summary>
public abstract class Optimizer
{
    /// <summary>An optimiser over <paramref name="parameters"/> with learning rate <paramref name="lr"/>.</summary>
    protected Optimizer(IEnumerable<Parameter> parameters, double lr)
    {
        Params = parameters.Where(p => p.RequiresGrad).ToArray();
        if (Params.Length == 0) throw new ArgumentException($"{GetType().Name}: no trainable parameters");
        if (lr < 0) throw new ArgumentException($"{GetType().Name}: learning rate must be ≥ 0, got {lr}");
        Lr = lr;
    }

    /// <summary>The parameters, in the order given (state names use these indices).</summary>
    protected Parameter[] Params { get; }

    /// <summary>The learning rate; settable for schedules.</summary>
    public double Lr { get; set; }

    /// <summary>Gradient clipping applied at the start of every step (null: none).</summary>
    public double? ClipValue { get; init; }

    /// <summary>Global-norm clipping applied at the start of every step (null: none).</summary>
    public double? ClipNorm { get; init; }

    /// <summary>
    /// When set, a parameter value that this optimiser's previous <see cref="Step"/> computed is disposed
    /// (its storage returned to the backend's pool) when the next step replaces it. Off by default: code
    /// that holds a parameter's old value across a step would find it disposed. Values installed by
    /// anyone else (initialisation, checkpoint loading, the caller) are never disposed.
    /// </summary>
    public bool DisposeReplacedValues { get; set; }

    private Tensor?[]? _computed;

    /// <summary>Number of completed steps.</summary>
    public int StepCount { get; private set; }

    /// <summary>Clears the gradients of all parameters.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Params) p.Grad = null;
    }

    /// <summary>One update of every parameter that has a gradient, under NoGrad.</summary>
    public void Step()
    {
        using var _ = Autograd.NoGrad();
        if (ClipValue is double v) GradClip.ClipByValue(Params, v);
        if (ClipNorm is double n) GradClip.ClipByNorm(Params, n);
        StepCount++;
        for (int i = 0; i < Params.Length; i++)
        {
            var p = Params[i];
            if (p.Grad is not Tensor g) continue;
            if (!g.Shape.SequenceEqual(p.Shape))
                throw new InvalidOperationException($"{GetType().Name}.Step: parameter {i} of shape {ShapeFormat.Of(p.Shape)} has a gradient of shape {ShapeFormat.Of(g)}");
            var old = p.Value;
            p.Value = Update(i, old.Detach(), g.Detach());
            if (!DisposeReplacedValues) continue;
            _computed ??= new Tensor?[Params.Length];
            // Only our own previous result, and only if it is still the installed value (the getter returns
            // the very handle the setter stored, so reference identity says nobody replaced it meanwhile).
            if (ReferenceEquals(_computed[i], old)) old.Dispose();
            _computed[i] = p.Value;
        }
    }

    /// <summary>
    /// The optimiser's state as named tensors, for checkpoints that resume exactly: <c>step</c> (int32 [1], the
    /// completed steps) and each subclass's per-parameter buffers under <c>{index}.{name}</c> (PyTorch's names:
    /// Adam <c>exp_avg</c>, <c>exp_avg_sq</c>, <c>step</c>; SGD <c>momentum_buffer</c>). Parameters are indexed
    /// in the order given to the constructor (trainable ones only).
    /// </summary>
    public Dictionary<string, Tensor> StateDict()
    {
        var state = new Dictionary<string, Tensor> { ["step"] = Tensor.FromArray(new[] { StepCount }, 1) };
        WriteState(state);
        return state;
    }

    /// <summary>
    /// Restores a <see cref="StateDict"/>. Buffers absent from <paramref name="state"/> start afresh; a buffer
    /// whose shape differs from its parameter's is an <see cref="InvalidDataException"/> naming both shapes.
    /// </summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state)
    {
        StepCount = state.TryGetValue("step", out var s) ? ReadInt("step", s) : 0;
        ReadState(state);
    }

    /// <summary>Adds the subclass's buffers to <paramref name="state"/>.</summary>
    protected virtual void WriteState(Dictionary<string, Tensor> state) { }

    /// <summary>Replaces the subclass's buffers with those in <paramref name="state"/> (absent ones reset).</summary>
    protected virtual void ReadState(IReadOnlyDictionary<string, Tensor> state) { }

    /// <summary>The buffer <c>{index}.{name}</c> checked against parameter <paramref name="index"/>'s shape, in its dtype; null if absent.</summary>
    protected Tensor? ReadBuffer(IReadOnlyDictionary<string, Tensor> state, int index, string name)
    {
        if (!state.TryGetValue($"{index}.{name}", out var t)) return null;
        var p = Params[index];
        if (!t.Shape.SequenceEqual(p.Shape))
            throw new InvalidDataException($"{GetType().Name}.LoadStateDict: '{index}.{name}' is {ShapeFormat.Of(t)} but parameter {index} is {ShapeFormat.Of(p.Shape)}");
        return Snapshot(t.Cast(p.Value.DType).To(p.Value.Backend));
    }

    /// <summary>
    /// A private copy outside any dispose scope. The optimiser disposes its buffers when it replaces them,
    /// so state handed out or taken in must never be shared with the caller.
    /// </summary>
    protected static Tensor Snapshot(Tensor t) => t.Detach().Clone().DetachFromScope();

    /// <summary>A one-element integer state entry: int32 as written here, or int64 as PyTorch writes step counters (range-checked).</summary>
    protected static int ReadInt(string name, Tensor t)
    {
        if (t.DType is not (DType.Int32 or DType.Int64) || t.Numel != 1)
            throw new InvalidDataException($"optimizer state '{name}' must be one int32 or int64, got {ShapeFormat.Of(t)} {t.DType}");
        long v = t.ToArrayLong()[0];
        return v is >= int.MinValue and <= int.MaxValue ? (int)v
            : throw new InvalidDataException($"optimizer state '{name}' is {v}, outside the int32 range of step counts here");
    }

    /// <summary>The new value of parameter <paramref name="index"/> from its value and gradient.</summary>
    protected abstract Tensor Update(int index, Tensor value, Tensor grad);
}
