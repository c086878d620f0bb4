namespace Engine.Autodiff;

/// <summary>How <see cref="Functional.Hvp"/> differentiates twice.</summary>
public enum HvpMode
{
    /// <summary>JVP of the gradient: one forward-mode pass through the backward pass (the cheaper form).</summary>
    ForwardOverReverse,
    /// <summary>Gradient of ⟨∇f, v⟩: a recorded backward pass differentiated again.</summary>
    ReverseOverReverse,
}

/// <summary>Function transformations built on <see cref="Autograd"/> and <see cref="ForwardAD"/>.</summary>
public static class Functional
{
    /// <summary>∇f(x) for a scalar-valued f.</summary>
    public static Tensor Gradient(Func<Tensor, Tensor> f, Tensor x, bool createGraph = false)
    {
        var xr = x.Detach().RequiresGrad();
        var y = f(xr);
        CheckScalar("gradient", y);
        return Autograd.Grad(y, [xr], createGraph: createGraph, allowUnused: true)[0];
    }

    /// <summary>f(x) and the pullback u ↦ J_f(x)ᵀ·u.</summary>
    public static (Tensor Value, Func<Tensor, Tensor> Pullback) Vjp(Func<Tensor, Tensor> f, Tensor x)
    {
        var xr = x.Detach().RequiresGrad();
        var y = f(xr);
        return (y.Detach(), u => Autograd.Grad([y], [xr], [u], createGraph: Autograd.IsRecording && u.RequiresGradient, allowUnused: true)[0]);
    }

    /// <summary>
    /// The Hessian of scalar f at x applied to v, H·v: [x's shape]. Without <paramref name="createGraph"/> the
    /// result is a constant, computed in either form (they agree to rounding; default forward-over-reverse).
    /// With it the result is itself differentiable in reverse mode — in x (when x requires grad), in v and in
    /// whatever f captures (parameters) — so third-order quantities such as ∇ₓ⟨u, H(x)·v⟩ need no hand-written
    /// passes; it is then computed reverse-over-reverse (forward-mode tangents are not recorded for an enclosing
    /// reverse pass), and <see cref="HvpMode.ForwardOverReverse"/> is refused.
    /// </summary>
    /// <param name="f">A scalar-valued function (its result has one element).</param>
    /// <param name="x">The point: any shape.</param>
    /// <param name="v">The direction: x's shape and dtype.</param>
    /// <param name="mode">The form; null picks forward-over-reverse, or reverse-over-reverse with <paramref name="createGraph"/>.</param>
    /// <param name="createGraph">Record the computation so the product can be differentiated again.</param>
    public static Tensor Hvp(Func<Tensor, Tensor> f, Tensor x, Tensor v, HvpMode? mode = null, bool createGraph = false)
    {
        if (!ShapeUtil.SameShape(x.Dims, v.Dims))
            throw new ArgumentException($"hvp: direction shape {ShapeUtil.Format(v.Dims)} differs from point shape {ShapeUtil.Format(x.Dims)}");
        var form = mode ?? (createGraph ? HvpMode.ReverseOverReverse : HvpMode.ForwardOverReverse);
        if (createGraph && form == HvpMode.ForwardOverReverse)
            throw new ArgumentException("hvp: createGraph needs HvpMode.ReverseOverReverse (forward-mode tangents are not recorded for reverse mode)");
        if (form == HvpMode.ForwardOverReverse)
            return ForwardAD.Jvp(xd => Gradient(f, xd), x, v).Tangent;

        // With createGraph a point that already requires grad is used as is, so the product stays connected to it.
        var xr = createGraph && x.RequiresGradient ? x : x.Detach().RequiresGrad();
        using var _ = Autograd.EnableGrad();
        var y = f(xr);
        CheckScalar("hvp", y);
        var g = Autograd.Grad(y, [xr], createGraph: true)[0];
        return Autograd.Grad(Tensor.Dot(g, v), [xr], createGraph: createGraph, allowUnused: true)[0];
    }

    /// <summary>The Jacobian of f at x as [f(x).Numel, x.Numel] (one forward-mode pass per input element; for small inputs).</summary>
    public static Tensor Jacobian(Func<Tensor, Tensor> f, Tensor x)
    {
        int n = (int)x.Numel;
        var columns = new Tensor[n];
        for (int i = 0; i < n; i++)
            columns[i] = ForwardAD.Jvp(f, x, Basis(x, i)).Tangent.Reshape(-1);
        return Tensor.Stack(columns, 1);
    }

    /// <summary>The Hessian of scalar f at x as [x.Numel, x.Numel] (one Hvp per element; for small inputs).</summary>
    public static Tensor Hessian(Func<Tensor, Tensor> f, Tensor x)
    {
        int n = (int)x.Numel;
        var columns = new Tensor[n];
        for (int i = 0; i < n; i++)
            columns[i] = Hvp(f, x, Basis(x, i)).Reshape(-1);
        return Tensor.Stack(columns, 1);
    }

    private static Tensor Basis(Tensor x, int i)
    {
        var e = new double[x.Numel];
        e[i] = 1;
        return Tensor.FromHost(e, x.Dims, x.Backend).Cast(x.DType);
    }

    private static void CheckScalar(string op, Tensor y)
    {
        if (y.Numel != 1) throw new ArgumentException($"{op}: the function must return one value, got shape {ShapeUtil.Format(y.Dims)}");
    }
}
