using Engine.Backends;

namespace Engine.Ops;

/// <summary>
/// Fused group normalisation y = (x − μ)·rstd·w + b per (batch, group), for backends with
/// <see cref="IFusedNormBackend"/>. Inputs: x, then weight if <paramref name="hasWeight"/>, then bias
/// if <paramref name="hasBias"/>. The reverse rule is two more fused primitives (input cotangent;
/// weight and bias cotangents), each differentiable through its own composite definition, so double
/// backward (and forward mode) still work; first-order training runs three kernels instead of ~25 ops.
/// </summary>
internal sealed class GroupNormOp(int groups, double eps, bool hasWeight, bool hasBias) : CompositeRuleOp
{
    public override string Name => "group_norm";

    public override Tensor Forward(Tensor[] x)
    {
        var a = Dense(x[0]);
        if (a.Backend is not IFusedNormBackend) return CompositeValue(x);
        var y = Tensor.Uninitialized(a.Dims, a.DType, a.Backend);
        ((IFusedNormBackend)a.Backend).GroupNorm(a.View, hasWeight ? Dense(x[1]).View : null,
            hasBias ? Dense(x[hasWeight ? 2 : 1]).View : null, groups, eps, y.View);
        return y;
    }

    public override Tensor Composite(Tensor[] x) =>
        GroupNormMath.Forward(x[0], groups, eps, hasWeight ? x[1] : null, hasBias ? x[hasWeight ? 2 : 1] : null);

    public override Tensor?[] Backward(Tensor gy, Tensor[] x, Tensor y, bool[] needs)
    {
        var result = new Tensor?[x.Length];
        Tensor? w = hasWeight ? x[1] : null;
        if (needs[0])
            result[0] = new GroupNormInputGradOp(groups, eps, hasWeight).Apply(w == null ? [gy, x[0]] : [gy, x[0], w]);
        int wi = hasWeight ? 1 : -1, bi = hasBias ? (hasWeight ? 2 : 1) : -1;
        bool needW = wi > 0 && needs[wi], needB = bi > 0 && needs[bi];
        if (needW || needB)
        {
            var dwdb = new GroupNormAffineGradOp(groups, eps).Apply(gy, x[0]);
            if (needW) result[wi] = dwdb.Select(0, 0);
            if (needB) result[bi] = dwdb.Select(0, 1);
        }
        return result;
    }

    internal static Tensor Dense(Tensor t) => t.IsContiguous ? t : CopyOp.Materialize(t);
}

/// <summary>∂group_norm/∂x contracted with gy: inputs gy, x (and weight if <paramref name="hasWeight"/>).</summary>
internal sealed class GroupNormInputGradOp(int groups, double eps, bool hasWeight) : CompositeRuleOp
{
    public override string Name => "group_norm_input_grad";

    public override Tensor Forward(Tensor[] x)
    {
        var gy = GroupNormOp.Dense(x[0]);
        var a = GroupNormOp.Dense(x[1]);
        if (a.Backend is not IFusedNormBackend) return CompositeValue(x);
        var dx = Tensor.Uninitialized(a.Dims, a.DType, a.Backend);
        ((IFusedNormBackend)a.Backend).GroupNormInputGrad(gy.View, a.View, hasWeight ? GroupNormOp.Dense(x[2]).View : null, groups, eps, dx.View);
        return dx;
    }

    public override Tensor Composite(Tensor[] x) => GroupNormMath.InputGrad(x[0], x[1], hasWeight ? x[2] : null, groups, eps);
}

/// <summary>∂group_norm/∂(weight, bias) contracted with gy: inputs gy, x → [2, channels] (row 0 weight, row 1 bias).</summary>
internal sealed class GroupNormAffineGradOp(int groups, double eps) : CompositeRuleOp
{
    public override string Name => "group_norm_affine_grad";

    public override Tensor Forward(Tensor[] x)
    {
        var gy = GroupNormOp.Dense(x[0]);
        var a = GroupNormOp.Dense(x[1]);
        if (a.Backend is not IFusedNormBackend) return CompositeValue(x);
        var dwdb = Tensor.Uninitialized([2, a.Dims[1]], a.DType, a.Backend);
        ((IFusedNormBackend)a.Backend).GroupNormAffineGrad(gy.View, a.View, groups, eps, dwdb.View);
        return dwdb;
    }

    public override Tensor Composite(Tensor[] x) => GroupNormMath.AffineGrad(x[0], x[1], groups, eps);
}

/// <summary>Group normalisation and its derivatives as composites: the definition, the fallback and the oracle.</summary>
internal static class GroupNormMath
{
    /// <summary>x̂ as [batch, groups, n] and 1/√(σ² + eps) as [batch, groups, 1].</summary>
    private static (Tensor XHat, Tensor Rstd) Normalize(Tensor x, int groups, double eps)
    {
        var g = x.Reshape(x.Dims[0], groups, -1);
        var centered = g - g.Mean(2, keepDim: true);
        var rstd = (centered.Square().Mean(2, keepDim: true) + eps).Sqrt().Reciprocal();
        return (centered * rstd, rstd);
    }

    private static int[] AffineShape(Tensor x)
    {
        var shape = Enumerable.Repeat(1, x.Rank).ToArray();
        shape[1] = x.Dims[1];
        return shape;
    }

    public static Tensor Forward(Tensor x, int groups, double eps, Tensor? weight, Tensor? bias)
    {
        var g = x.Reshape(x.Dims[0], groups, -1);
        var mean = g.Mean(2, keepDim: true);
        var centered = g - mean;
        var variance = centered.Square().Mean(2, keepDim: true);
        var normed = (centered / (variance + eps).Sqrt()).Reshape(x.Dims);
        if (weight != null) normed *= weight.Reshape(AffineShape(x));
        if (bias != null) normed += bias.Reshape(AffineShape(x));
        return normed;
    }

    public static Tensor InputGrad(Tensor gy, Tensor x, Tensor? weight, int groups, double eps)
    {
        var (xhat, rstd) = Normalize(x, groups, eps);
        var ghat = (weight == null ? gy : gy * weight.Reshape(AffineShape(x))).Reshape(x.Dims[0], groups, -1);
        var dx = rstd * (ghat - ghat.Mean(2, keepDim: true) - xhat * (ghat * xhat).Mean(2, keepDim: true));
        return dx.Reshape(x.Dims);
    }

    public static Tensor AffineGrad(Tensor gy, Tensor x, int groups, double eps)
    {
        var (xhat, _) = Normalize(x, groups, eps);
        var axes = Enumerable.Range(0, x.Rank).Where(a => a != 1).ToArray();
        var dw = (gy * xhat.Reshape(x.Dims)).Sum(axes);
        return Tensor.Stack([dw, gy.Sum(axes)]);
    }
}
