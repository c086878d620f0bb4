using Engine.Autodiff;

namespace Engine.NN;

/// <summary>Base of the optimisers: a parameter list, ZeroGrad, and Step (under NoGrad; parameters without a gradient are skipped, as in PyTorch).</summary>
public abstract class Optimizer
{
    protected Optimizer(IEnumerable<Parameter> parameters, double lr)
    {
        Params = parameters.Where(p => p.RequiresGrad).ToArray();
        if (Params.Length == 0) throw new ArgumentException($"{GetType().Name}: no trainable parameters");
        if (lr < 0) throw new ArgumentException($"{GetType().Name}: learning rate must be ≥ 0, got {lr}");
        Lr = lr;
    }

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

    public void ZeroGrad()
    {
        foreach (var p in Params) p.Grad = null;
    }

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

    /// <summary>The new value of parameter <paramref name="index"/> from its value and gradient.</summary>
    protected abstract Tensor Update(int index, Tensor value, Tensor grad);
}
