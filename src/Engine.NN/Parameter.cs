namespace Engine.NN;

/// <summary>
/// A trainable tensor owned by a <see cref="Module"/>. The tensor handle is immutable, so an optimiser
/// updates a parameter by swapping <see cref="Value"/> for a new leaf (computed under NoGrad); every
/// forward pass reads <see cref="Value"/> afresh, so the swap is all an update needs.
/// </summary>
public sealed class Parameter
{
    private Tensor _value;

    /// <summary>A parameter holding <paramref name="value"/> (detached; a leaf that requires grad unless <paramref name="requiresGrad"/> is false).</summary>
    public Parameter(Tensor value, bool requiresGrad = true)
    {
        RequiresGrad = requiresGrad;
        _value = Prepare(value);
    }

    /// <summary>Whether the parameter is trained (a reverse-mode leaf). Frozen parameters are plain tensors.</summary>
    public bool RequiresGrad { get; }

    /// <summary>The current value, a leaf that requires grad when <see cref="RequiresGrad"/>.</summary>
    public Tensor Value
    {
        get => _value;
        set => _value = Prepare(value);
    }

    /// <summary>The gradient accumulated on the current value by Backward (null before the first backward or after ZeroGrad).</summary>
    public Tensor? Grad
    {
        get => _value.Grad;
        set => _value.Grad = value;
    }

    /// <summary>The value's shape.</summary>
    public int[] Shape => _value.Shape;

    /// <summary>Installs a value as is (keeping its graph), for <see cref="Module.WithParameters"/>.</summary>
    internal void SwapRaw(Tensor value) => _value = value;

    private Tensor Prepare(Tensor value)
    {
        // A parameter is always a leaf of its own: detaching cuts any history the value was computed with
        // and gives a fresh handle (sharing storage), so marking it never touches the caller's tensor.
        var leaf = value.Detach();
        // A parameter outlives any dispose scope its new value was computed in (optimiser steps, EMA,
        // loading inside Tensor.Scope()): its storage leaves the scope, so the scope cannot free it.
        leaf.DetachFromScope();
        return RequiresGrad && leaf.DType.IsFloat() ? leaf.RequiresGrad() : leaf;
    }

    /// <inheritdoc/>
    public override string ToString() => $"Parameter{ShapeFormat.Of(_value.Shape)} {_value.DType}";
}
