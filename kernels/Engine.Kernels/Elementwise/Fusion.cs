using Engine.Kernels.Scalar;

namespace Engine.Kernels.Elementwise;

// Fusion by types: a chain of elementwise ops is one functor type, and ILGPU specialises and inlines the
// whole chain into a single kernel (one read and one write per element instead of one per op).
// Example: tanh(2x) then exp is Then<Then<MulScalarF, TanhF>, ExpF>.

/// <summary>y = x (a strided copy through Map).</summary>
public readonly struct IdentityF : IUnaryFunctor
{
    /// <inheritdoc/>
    public float Apply(float x) => x;
    /// <inheritdoc/>
    public double Apply(double x) => x;
}

/// <summary>y = second(first(x)).</summary>
public readonly struct Then<TFirst, TSecond>(TFirst first, TSecond second) : IUnaryFunctor
    where TFirst : struct, IUnaryFunctor
    where TSecond : struct, IUnaryFunctor
{
    private readonly TFirst _first = first;
    private readonly TSecond _second = second;
    /// <inheritdoc/>
    public float Apply(float x) => _second.Apply(_first.Apply(x));
    /// <inheritdoc/>
    public double Apply(double x) => _second.Apply(_first.Apply(x));
}

/// <summary>z = after(op(a, b)).</summary>
public readonly struct ZipThen<TBinary, TAfter>(TBinary op, TAfter after) : IBinaryFunctor
    where TBinary : struct, IBinaryFunctor
    where TAfter : struct, IUnaryFunctor
{
    private readonly TBinary _op = op;
    private readonly TAfter _after = after;
    /// <inheritdoc/>
    public float Apply(float a, float b) => _after.Apply(_op.Apply(a, b));
    /// <inheritdoc/>
    public double Apply(double a, double b) => _after.Apply(_op.Apply(a, b));
}

/// <summary>z = op(fa(a), fb(b)), e.g. the backward of an activation: g · f'(x) is ZipOver&lt;MulF, IdentityF, StepF&gt;.</summary>
public readonly struct ZipOver<TBinary, TA, TB>(TBinary op, TA fa, TB fb) : IBinaryFunctor
    where TBinary : struct, IBinaryFunctor
    where TA : struct, IUnaryFunctor
    where TB : struct, IUnaryFunctor
{
    private readonly TBinary _op = op;
    private readonly TA _fa = fa;
    private readonly TB _fb = fb;
    /// <inheritdoc/>
    public float Apply(float a, float b) => _op.Apply(_fa.Apply(a), _fb.Apply(b));
    /// <inheritdoc/>
    public double Apply(double a, double b) => _op.Apply(_fa.Apply(a), _fb.Apply(b));
}
