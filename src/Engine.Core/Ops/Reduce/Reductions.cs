using Engine.Backends;
using Engine.Ops;

namespace Engine;

public sealed partial class Tensor
{
    /// <summary>Sum over <paramref name="axes"/> (all when null or empty).</summary>
    public Tensor Sum(int[]? axes = null, bool keepDim = false) =>
        new SumOp(ShapeUtil.NormalizeAxes("sum", axes, Rank), keepDim).Apply(this);

    /// <summary>Sum over one axis (negative counts from the end).</summary>
    public Tensor Sum(int axis, bool keepDim = false) => Sum([axis], keepDim);

    /// <summary>Mean over <paramref name="axes"/> (all when null or empty).</summary>
    public Tensor Mean(int[]? axes = null, bool keepDim = false)
    {
        var ax = ShapeUtil.NormalizeAxes("mean", axes, Rank);
        long count = 1;
        foreach (var a in ax) count *= Dims[a];
        if (count == 0) throw new ArgumentException($"mean: no elements to average over axes [{string.Join(",", ax)}] of shape {ShapeUtil.Format(Dims)}");
        return Sum(ax, keepDim) / count;
    }

    /// <summary>Mean over one axis (negative counts from the end).</summary>
    public Tensor Mean(int axis, bool keepDim = false) => Mean([axis], keepDim);

    /// <summary>Maximum over axes; the gradient goes to the maximising entries (shared at ties).</summary>
    public Tensor Max(int[]? axes = null, bool keepDim = false) =>
        new ExtremumOp(ReduceKind.Max, ShapeUtil.NormalizeAxes("max", axes, Rank), keepDim).Apply(this);

    /// <summary>Maximum over one axis (negative counts from the end).</summary>
    public Tensor Max(int axis, bool keepDim = false) => Max([axis], keepDim);

    /// <summary>Minimum over axes; the gradient goes to the minimising entries (shared at ties).</summary>
    public Tensor Min(int[]? axes = null, bool keepDim = false) =>
        new ExtremumOp(ReduceKind.Min, ShapeUtil.NormalizeAxes("min", axes, Rank), keepDim).Apply(this);

    /// <summary>Minimum over one axis (negative counts from the end).</summary>
    public Tensor Min(int axis, bool keepDim = false) => Min([axis], keepDim);

    /// <summary>Variance over axes, divided by N − 1 when <paramref name="unbiased"/> (PyTorch's default), else by N.</summary>
    public Tensor Var(int[]? axes = null, bool keepDim = false, bool unbiased = true)
    {
        var ax = ShapeUtil.NormalizeAxes("var", axes, Rank);
        long count = 1;
        foreach (var a in ax) count *= Dims[a];
        long dof = unbiased ? count - 1 : count;
        if (dof <= 0) throw new ArgumentException($"var: {count} element(s) over axes [{string.Join(",", ax)}] of shape {ShapeUtil.Format(Dims)} are too few");
        var centered = this - Mean(ax, keepDim: true);
        return centered.Square().Sum(ax, keepDim) / dof;
    }

    /// <summary>log Σ exp(x) over axes, computed around the (detached) maximum so it cannot overflow.</summary>
    public Tensor LogSumExp(int[]? axes = null, bool keepDim = false)
    {
        var ax = ShapeUtil.NormalizeAxes("logsumexp", axes, Rank);
        var m = Max(ax, keepDim: true).Detach();
        var s = (this - m).Exp().Sum(ax, keepDim: true).Log() + m;
        return keepDim ? s : s.Reshape(ReduceKernel.ReducedShape(Dims, ax));
    }

    /// <summary>Softmax along an axis (composite).</summary>
    public Tensor Softmax(int axis)
    {
        var e = (this - Max(axis, keepDim: true).Detach()).Exp();
        return e / e.Sum(axis, keepDim: true);
    }

    /// <summary>log softmax along an axis (composite).</summary>
    public Tensor LogSoftmax(int axis) => this - LogSumExp([axis], keepDim: true);

    /// <summary>Sums over the axes that broadcasting added or stretched, so the result has <paramref name="shape"/>.</summary>
    public Tensor SumTo(int[] shape)
    {
        if (ShapeUtil.SameShape(Dims, shape)) return this;
        int lead = Rank - shape.Length;
        if (lead < 0) throw new ArgumentException($"sum_to: cannot reduce shape {ShapeUtil.Format(Dims)} to the larger rank of {ShapeUtil.Format(shape)}");
        var axes = new List<int>();
        for (int i = 0; i < Rank; i++)
        {
            if (i < lead) { axes.Add(i); continue; }
            int want = shape[i - lead];
            if (want == Dims[i]) continue;
            if (want != 1) throw new ArgumentException($"sum_to: shape {ShapeUtil.Format(Dims)} does not broadcast from {ShapeUtil.Format(shape)}");
            axes.Add(i);
        }
        return Sum(axes.ToArray(), keepDim: true).Reshape(shape);
    }
}
