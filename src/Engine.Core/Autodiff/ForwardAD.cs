namespace Engine.Autodiff;

/// <summary>
/// Forward mode by dual numbers. Each <see cref="Jvp(Func{Tensor, Tensor}, Tensor, Tensor)"/> opens a
/// new nesting level; a dual tensor carries its tangent tagged with that level, and ops treat inputs
/// of other levels as constants at this one, so nested derivatives never confuse perturbations.
/// Reverse mode runs through dual tensors (forward-over-reverse), which is how
/// <see cref="Functional.Hvp"/> gets Hessian-vector products at the cost of about one gradient.
/// </summary>
public static class ForwardAD
{
    [ThreadStatic] private static int _depth;

    /// <summary>f(x) and its directional derivative J_f(x)·v.</summary>
    public static (Tensor Value, Tensor Tangent) Jvp(Func<Tensor, Tensor> f, Tensor x, Tensor v)
    {
        var (value, tangent) = Jvp(xs => f(xs[0]), [x], [v]);
        return (value, tangent);
    }

    /// <summary>f(xs) and Σᵢ ∂f/∂xᵢ · vsᵢ.</summary>
    public static (Tensor Value, Tensor Tangent) Jvp(Func<Tensor[], Tensor> f, Tensor[] xs, Tensor[] vs)
    {
        if (xs.Length != vs.Length) throw new ArgumentException($"jvp: {xs.Length} inputs but {vs.Length} tangents");
        int level = ++_depth;
        try
        {
            var duals = new Tensor[xs.Length];
            for (int i = 0; i < xs.Length; i++) duals[i] = MakeDual(xs[i], vs[i], level);
            var y = f(duals);
            return (Primal(y, level), Tangent(y, level));
        }
        finally
        {
            _depth--;
        }
    }

    internal static Tensor MakeDual(Tensor primal, Tensor tangent, int level)
    {
        if (!ShapeUtil.SameShape(primal.Dims, tangent.Dims))
            throw new ArgumentException($"jvp: tangent shape {ShapeUtil.Format(tangent.Dims)} differs from primal shape {ShapeUtil.Format(primal.Dims)}");
        if (primal.DType != tangent.DType)
            throw new ArgumentException($"jvp: tangent dtype {tangent.DType} differs from primal dtype {primal.DType}");
        return new Tensor(primal, tangent, level);
    }

    private static Tensor Primal(Tensor y, int level) => y.FwdLevel switch
    {
        var l when l == level => y.FwdPrimal!,
        var l when l < level => y,
        _ => throw new InvalidOperationException("jvp: the function returned a dual number of an inner level that has already closed"),
    };

    private static Tensor Tangent(Tensor y, int level) => y.FwdLevel switch
    {
        var l when l == level => y.FwdTangent!,
        var l when l < level => y.ZerosLike(),
        _ => throw new InvalidOperationException("jvp: the function returned a dual number of an inner level that has already closed"),
    };
}
