using Engine.Backends;

namespace Engine;

/// <summary>
/// A dispose scope: every storage created on this thread while the scope is the innermost one is
/// disposed when the scope is, except storages handed on with <see cref="Keep(Tensor)"/> (to the enclosing
/// scope) or <see cref="Tensor.DetachFromScope"/> (to no scope). On the CPU, disposed storage goes
/// back to a pool that the next allocations of the same size reuse, which is what makes training
/// and sampling loops fast (fresh memory is slow: page faults on first touch).
/// <code>
/// using (var scope = Tensor.Scope())
/// {
///     var loss = model.Loss(x);      // every intermediate, the graph's saved values, the gradients …
///     loss.Backward();
///     optimizer.Step();              // parameter values and optimiser state leave scopes by themselves
///     x = scope.Keep(next);          // … except what is kept
/// }                                  // all the rest is disposed here
/// </code>
/// <para>Scopes nest and must be disposed innermost first, on the thread that made them. Views share
/// their base tensor's storage, so keeping a view keeps its base, and disposing a base invalidates its
/// views. Using a disposed tensor throws <see cref="ObjectDisposedException"/> naming the op, never
/// reads recycled memory. A kept tensor's autodiff history is not kept: the values its graph saved
/// die with the scope, so keep <see cref="Tensor.Detach"/>ed results (or run backward inside).</para>
/// </summary>
public sealed class TensorScope : IDisposable
{
    [ThreadStatic] private static TensorScope? _current;

    private readonly List<Storage> _owned = [];
    private readonly TensorScope? _parent;
    private readonly int _threadId;
    private bool _disposed;

    internal TensorScope()
    {
        _parent = _current;
        _threadId = Environment.CurrentManagedThreadId;
        _current = this;
    }

    /// <summary>The innermost open scope of this thread, or null.</summary>
    public static TensorScope? Current => _current;

    /// <summary>Storages this scope will dispose (diagnostics, tests).</summary>
    public int Count
    {
        get
        {
            int n = 0;
            foreach (var s in _owned) if (s.Owner == this && !s.IsDisposed) n++;
            return n;
        }
    }

    /// <summary>Called by every new storage.</summary>
    internal static void Register(Storage storage)
    {
        var scope = _current;
        if (scope == null) return;
        storage.Owner = scope;
        scope._owned.Add(storage);
    }

    /// <summary>Hands <paramref name="tensor"/>'s storage (and its forward-mode tangents') to the enclosing scope, or to none; returns the tensor.</summary>
    public Tensor Keep(Tensor tensor)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Move(tensor, this, _parent);
        return tensor;
    }

    /// <summary><see cref="Keep(Tensor)"/> for several tensors.</summary>
    public void Keep(params ReadOnlySpan<Tensor?> tensors)
    {
        foreach (var t in tensors)
            if (t != null) Keep(t);
    }

    /// <summary>Moves the storages of t (and of its dual parts) owned by <paramref name="from"/> (null: by any scope) to <paramref name="to"/>.</summary>
    internal static void Move(Tensor t, TensorScope? from, TensorScope? to)
    {
        var s = t.Storage;
        if (s.Owner != null && (from == null || s.Owner == from))
        {
            s.Owner = to;
            to?._owned.Add(s);
        }
        if (t.FwdPrimal != null) Move(t.FwdPrimal, from, to);
        if (t.FwdTangent != null) Move(t.FwdTangent, from, to);
    }

    /// <summary>Disposes every storage still owned by this scope and makes the enclosing scope current again.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        if (Environment.CurrentManagedThreadId != _threadId)
            throw new InvalidOperationException("TensorScope: a scope must be disposed on the thread that created it");
        if (_current != this)
            throw new InvalidOperationException("TensorScope: scopes must be disposed innermost first (an inner scope is still open)");
        _disposed = true;
        _current = _parent;
        foreach (var s in _owned)
            if (s.Owner == this) s.Dispose();
        _owned.Clear();
    }
}

public sealed partial class Tensor
{
    /// <summary>
    /// Opens a dispose scope on this thread: storages created until it is disposed are disposed with it
    /// (returned to the backend's pool), except those kept. See <see cref="TensorScope"/>.
    /// </summary>
    public static TensorScope Scope() => new();

    /// <summary>
    /// Takes this tensor's storage out of any dispose scope: it lives until <see cref="Dispose"/> or the
    /// GC. For long-lived state created inside a scope (parameters, optimiser moments, caches). Returns this.
    /// </summary>
    public Tensor DetachFromScope()
    {
        TensorScope.Move(this, null, null);
        return this;
    }
}
