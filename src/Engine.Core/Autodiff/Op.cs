namespace Engine.Autodiff;

/// <summary>
/// One differentiable operation: its value on plain inputs, its reverse rule and its forward rule,
/// kept together. Both rules are written with differentiable tensor ops, so a backward pass can be
/// recorded and differentiated again (any order), and forward mode can run through it.
/// </summary>
internal abstract class Op
{
    public abstract string Name { get; }

    /// <summary>
    /// Tuning aid (bench `profile` mode): when set, receives each application's op name and the
    /// Stopwatch ticks its value took (including ops nested in its forward). Null in normal use.
    /// </summary>
    internal static Action<string, long>? Profile;

    /// <summary>The clock <see cref="Profile"/> is fed from (Stopwatch ticks unless the profiler changes it).</summary>
    internal static Func<long> Clock = System.Diagnostics.Stopwatch.GetTimestamp;

    /// <summary>The value from inputs that are not dual numbers. Must not record reverse mode.</summary>
    public abstract Tensor Forward(Tensor[] x);

    /// <summary>
    /// Vector–Jacobian product: the cotangent of each input given the output cotangent <paramref name="gy"/>.
    /// Inputs whose <paramref name="needs"/> entry is false may get null.
    /// </summary>
    public abstract Tensor?[] Backward(Tensor gy, Tensor[] x, Tensor y, bool[] needs);

    /// <summary>Jacobian–vector product: the output tangent given input tangents (null = zero tangent).</summary>
    public abstract Tensor Jvp(Tensor?[] tx, Tensor[] x, Tensor y);

    /// <summary>Runs the op: forward mode through dual inputs, then records reverse mode when asked.</summary>
    public Tensor Apply(params Tensor[] x)
    {
        if (Profile != null) return Profiled(x);
        var y = Evaluate(x);
        Record(x, y);
        return y;
    }

    /// <summary>Tuning aid: when set, <see cref="Profile"/> receives the input shapes with the op name.</summary>
    internal static bool ProfileShapes;

    private Tensor Profiled(Tensor[] x)
    {
        long start = Clock();
        var y = Evaluate(x);
        Profile?.Invoke(ProfileShapes ? $"{Name} {string.Join(" ", x.Select(t => ShapeUtil.Format(t.Dims)))}" : Name, Clock() - start);
        Record(x, y);
        return y;
    }

    private void Record(Tensor[] x, Tensor y)
    {
        // An integer result (a cast to int32 or int64) carries no gradient, as in PyTorch.
        if (GradMode.IsRecording && y.DType.IsFloat())
        {
            foreach (var xi in x)
            {
                if (!xi.RequiresGradient) continue;
                y.SetGradFn(new Node(this, x, y));
                break;
            }
        }
    }

    /// <summary>
    /// Value (and tangent) of the op. With dual inputs, the outermost level L is peeled: the primal
    /// value comes from the same op on the level-L primals (which may be duals of lower levels), and
    /// the tangent from <see cref="Jvp"/>; inputs not at level L are constants at that level. This is
    /// what keeps nested perturbations apart.
    /// </summary>
    private Tensor Evaluate(Tensor[] x)
    {
        int level = 0;
        foreach (var xi in x)
        {
            xi.ThrowIfDisposed(Name);
            if (xi.FwdLevel > level) level = xi.FwdLevel;
        }
        if (level == 0) return Forward(x);

        var primals = new Tensor[x.Length];
        var tangents = new Tensor?[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            bool atLevel = x[i].FwdLevel == level;
            primals[i] = atLevel ? x[i].FwdPrimal! : x[i];
            tangents[i] = atLevel ? x[i].FwdTangent : null;
        }
        using (GradMode.Pause())
        {
            var yp = Evaluate(primals);
            if (!yp.DType.IsFloat()) return yp; // an integer result has no tangent
            var yt = Jvp(tangents, primals, yp);
            return new Tensor(yp, yt, level);
        }
    }
}

/// <summary>The record of one op application in the reverse-mode graph.</summary>
internal sealed class Node(Op op, Tensor[] inputs, Tensor output)
{
    public Op Op { get; } = op;
    public Tensor[] Inputs { get; } = inputs;
    public Tensor Output { get; } = output;
}
