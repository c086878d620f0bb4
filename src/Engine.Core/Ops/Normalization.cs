using Engine.Backends;
using Engine.Ops;

namespace Engine;

public sealed partial class Tensor
{
    /// <summary>
    /// Group normalisation (Wu &amp; He 2018). x: [batch, channels, …], weight and bias: [channels].
    /// Channels are split into <paramref name="groups"/> groups; each is normalised by its biased mean
    /// and variance over the group's channels and positions. Fused where the backend implements
    /// IFusedNormBackend (the CPU and ILGPU backends), a composite elsewhere; differentiable to any order either way.
    /// </summary>
    public static Tensor GroupNorm(Tensor x, int groups, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5)
    {
        const string op = "group_norm";
        if (x.Rank < 2) throw new ArgumentException($"{op}: expected [batch, channels, ...], got {ShapeUtil.Format(x.Dims)}");
        int channels = x.Dims[1];
        if (groups < 1 || channels % groups != 0)
            throw new ArgumentException($"{op}: {channels} channels of {ShapeUtil.Format(x.Dims)} cannot be split into {groups} groups");
        if (weight != null) CheckAffine(op, weight, channels);
        if (bias != null) CheckAffine(op, bias, channels);
        // A backend with fused kernels runs one pass forward and three backward; the composite (the
        // definition, and what other backends run) is in GroupNormMath.
        if (x.Backend is IFusedNormBackend && x.DType.IsFloat()
            && (weight == null || (weight.DType == x.DType && weight.Backend == x.Backend))
            && (bias == null || (bias.DType == x.DType && bias.Backend == x.Backend)))
        {
            Tensor[] inputs = weight == null ? (bias == null ? [x] : [x, bias]) : (bias == null ? [x, weight] : [x, weight, bias]);
            return new GroupNormOp(groups, eps, weight != null, bias != null).Apply(inputs);
        }
        return GroupNormMath.Forward(x, groups, eps, weight, bias);
    }

    /// <summary>Layer normalisation over the last <paramref name="normalizedShape"/>.Length axes, with optional affine [normalizedShape].</summary>
    public static Tensor LayerNorm(Tensor x, int[] normalizedShape, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5)
    {
        const string op = "layer_norm";
        int n = normalizedShape.Length;
        if (n == 0 || n > x.Rank || !x.Dims[^n..].AsSpan().SequenceEqual(normalizedShape))
            throw new ArgumentException($"{op}: normalized shape {ShapeUtil.Format(normalizedShape)} does not end the input shape {ShapeUtil.Format(x.Dims)}");
        var axes = Enumerable.Range(x.Rank - n, n).ToArray();
        var centered = x - x.Mean(axes, keepDim: true);
        var variance = centered.Square().Mean(axes, keepDim: true);
        var normed = centered / (variance + eps).Sqrt();
        if (weight != null)
        {
            if (!ShapeUtil.SameShape(weight.Dims, normalizedShape)) throw new ArgumentException($"{op}: weight {ShapeUtil.Format(weight.Dims)} must have shape {ShapeUtil.Format(normalizedShape)}");
            normed *= weight;
        }
        if (bias != null)
        {
            if (!ShapeUtil.SameShape(bias.Dims, normalizedShape)) throw new ArgumentException($"{op}: bias {ShapeUtil.Format(bias.Dims)} must have shape {ShapeUtil.Format(normalizedShape)}");
            normed += bias;
        }
        return normed;
    }

    private static void CheckAffine(string op, Tensor p, int channels)
    {
        if (p.Rank != 1 || p.Dims[0] != channels)
            throw new ArgumentException($"{op}: affine parameter must have shape [{channels}], got {ShapeUtil.Format(p.Dims)}");
    }
}
