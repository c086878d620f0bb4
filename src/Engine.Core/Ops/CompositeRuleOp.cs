using Engine.Autodiff;

namespace Engine.Ops;

/// <summary>
/// A fused primitive whose derivatives are those of its definition in differentiable tensor ops,
/// <see cref="Composite"/>: the forward runs one fused kernel, the reverse rule is the VJP of the
/// composite (recorded when the backward pass is, so any order works) and the forward rule its JVP.
/// Subclasses override <see cref="Op.Backward"/> with a faster rule where it pays (as GroupNorm does
/// with its own fused backward primitives), keeping this as the fallback and the test oracle.
/// </summary>
internal abstract class CompositeRuleOp : Op
{
    /// <summary>The op's value in differentiable tensor ops (same inputs, same result up to rounding).</summary>
    public abstract Tensor Composite(Tensor[] x);

    /// <summary>The value through the composite, unrecorded: the forward of a backend without the fused kernel.</summary>
    protected Tensor CompositeValue(Tensor[] x)
    {
        using var _ = GradMode.Pause();
        return Composite(x);
    }

    public override Tensor?[] Backward(Tensor gy, Tensor[] x, Tensor y, bool[] needs)
    {
        // Whether this backward pass is itself being recorded (createGraph).
        bool createGraph = GradMode.IsRecording;
        var targets = new List<int>();
        for (int i = 0; i < x.Length; i++)
            if (needs[i]) targets.Add(i);
        var result = new Tensor?[x.Length];
        if (targets.Count == 0) return result;
        Tensor[] grads;
        // The composite must be recorded to be differentiated, even inside a first-order backward.
        using (GradMode.Resume())
        {
            // Differentiate with respect to fresh aliases of the inputs, not the inputs themselves: an input
            // may depend on another (gy on x in a double backward), and a nested grad with respect to both
            // would also count the path through that dependency, which the outer pass already counts.
            // The aliases are recorded identity views, so the results stay connected to the inputs.
            var aliases = new Tensor[x.Length];
            for (int i = 0; i < x.Length; i++) aliases[i] = needs[i] ? AliasOp.Instance.Apply(x[i]) : x[i];
            var yc = Composite(aliases);
            grads = Autograd.Grad([yc], [.. targets.Select(i => aliases[i])], [gy], createGraph, allowUnused: true);
        }
        for (int k = 0; k < targets.Count; k++) result[targets[k]] = grads[k];
        return result;
    }

    public override Tensor Jvp(Tensor?[] tx, Tensor[] x, Tensor y)
    {
        var tangents = new Tensor[x.Length];
        for (int i = 0; i < x.Length; i++) tangents[i] = tx[i] ?? x[i].ZerosLike();
        return ForwardAD.Jvp(Composite, x, tangents).Tangent;
    }
}

/// <summary>An identity view with its own graph node (see <see cref="CompositeRuleOp.Backward"/>).</summary>
internal sealed class AliasOp : Op
{
    public static readonly AliasOp Instance = new();

    public override string Name => "alias";

    public override Tensor Forward(Tensor[] x) => new(x[0].Storage, x[0].Dims, x[0].Strides, x[0].Offset);

    public override Tensor?[] Backward(Tensor gy, Tensor[] x, Tensor y, bool[] needs) => [gy];

    public override Tensor Jvp(Tensor?[] tx, Tensor[] x, Tensor y) => tx[0]!;
}
