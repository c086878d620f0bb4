namespace Engine;

public sealed partial class Tensor
{
    /// <summary>
    /// Group normalisation (Wu &amp; He 2018). x: [batch, channels, …], weight and bias: [channels].
    /// Channels are split into <paramref name="groups"/> groups; each is normalised by its biased mean
    /// and variance over the group's channels and positions. Composite, so differentiable to any order.
    /// </summary>
    public static Tensor GroupNorm(Tensor x, int groups, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5)
    {
        const string op = "group_norm";
        if (x.Rank < 2) throw new ArgumentException($"{op}: expected [batch, channels, ...], got {ShapeUtil.Format(x.Dims)}");
        int batch = x.Dims[0], channels = x.Dims[1];
        if (groups < 1 || channels % groups != 0)
            throw new ArgumentException($"{op}: {channels} channels of {ShapeUtil.Format(x.Dims)} cannot be split into {groups} groups");
        var g = x.Reshape(batch, groups, -1);
        var mean = g.Mean(2, keepDim: true);
        var centered = g - mean;
        var variance = centered.Square().Mean(2, keepDim: true);
        var normed = (centered / (variance + eps).Sqrt()).Reshape(x.Dims);
        var affineShape = Enumerable.Repeat(1, x.Rank).ToArray();
        affineShape[1] = channels;
        if (weight != null)
        {
            CheckAffine(op, weight, channels);
            normed *= weight.Reshape(affineShape);
        }
        if (bias != null)
        {
            CheckAffine(op, bias, channels);
            normed += bias.Reshape(affineShape);
        }
        return normed;
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
