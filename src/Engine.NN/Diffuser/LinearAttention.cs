namespace Engine.NN;

/// <summary>
/// Diffuser's LinearAttention(dim, heads = 4, dimHead = 32) over x: [batch, dim, n] → [batch, dim, n]:
/// q, k, v = split(to_qkv(x)) (1×1 conv, no bias) per head [batch, heads, dimHead, n]; q scaled by dimHead^−½;
/// k softmax over n; context[d, e] = Σ_n k[d, n]·v[e, n]; out[e, n] = Σ_d context[d, e]·q[d, n]; to_out (1×1 conv).
/// </summary>
public sealed class LinearAttention : Layer
{
    private readonly int _heads, _dimHead;

    /// <summary>Attention over <paramref name="dim"/> channels with <paramref name="heads"/> heads of <paramref name="dimHead"/> channels.</summary>
    public LinearAttention(int dim, Generator g, int heads = 4, int dimHead = 32)
    {
        _heads = heads; _dimHead = dimHead;
        ToQkv = RegisterModule("to_qkv", new Conv1d(dim, heads * dimHead * 3, 1, g, bias: false));
        ToOut = RegisterModule("to_out", new Conv1d(heads * dimHead, dim, 1, g));
    }

    /// <summary>The 1×1 convolution dim → 3·heads·dimHead (no bias), state <c>to_qkv.*</c>.</summary>
    public Conv1d ToQkv { get; }
    /// <summary>The 1×1 convolution heads·dimHead → dim, state <c>to_out.*</c>.</summary>
    public Conv1d ToOut { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x)
    {
        int b = x.Shape[0], n = x.Shape[2], hidden = _heads * _dimHead;
        var qkv = ToQkv.Forward(x);
        Tensor Head(int i) => qkv.Slice(1, i * hidden, (i + 1) * hidden).Reshape(b, _heads, _dimHead, n);
        var q = Head(0) * Math.Pow(_dimHead, -0.5);
        var k = Head(1).Softmax(-1);
        var v = Head(2);
        var context = k.MatMul(v.Transpose(-2, -1));          // [b, h, d, e]
        var o = context.Transpose(-2, -1).MatMul(q);          // [b, h, e, n]
        return ToOut.Forward(o.Reshape(b, hidden, n));
    }
}

/// <summary>Diffuser's channel LayerNorm: per position over channels (biased variance, ε = 1e−5); parameters g, b: [1, dim, 1].</summary>
public sealed class ChannelLayerNorm : Layer
{
    /// <summary>A norm over <paramref name="dim"/> channels with g = 1, b = 0.</summary>
    public ChannelLayerNorm(int dim, double eps = 1e-5)
    {
        Eps = eps;
        G = RegisterParameter("g", Tensor.Ones([1, dim, 1]))!;
        B = RegisterParameter("b", Tensor.Zeros([1, dim, 1]))!;
    }

    /// <summary>ε added to the variance.</summary>
    public double Eps { get; }
    /// <summary>The gain g: [1, dim, 1].</summary>
    public Parameter G { get; }
    /// <summary>The shift b: [1, dim, 1].</summary>
    public Parameter B { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x)
    {
        var mean = x.Mean(1, keepDim: true);
        var c = x - mean;
        var variance = c.Square().Mean(1, keepDim: true);
        return c / (variance + Eps).Sqrt() * G.Value + B.Value;
    }
}

/// <summary>Diffuser's PreNorm: fn(norm(x)); state <c>fn.*</c>, <c>norm.*</c>.</summary>
public sealed class PreNorm : Layer
{
    /// <summary>fn applied after a <see cref="ChannelLayerNorm"/> over <paramref name="dim"/> channels.</summary>
    public PreNorm(int dim, Layer fn)
    {
        Fn = RegisterModule("fn", fn);
        Norm = RegisterModule("norm", new ChannelLayerNorm(dim));
    }

    /// <summary>The wrapped layer (state <c>fn.*</c>).</summary>
    public Layer Fn { get; }
    /// <summary>The norm (state <c>norm.*</c>).</summary>
    public ChannelLayerNorm Norm { get; }
    /// <inheritdoc/>
    public override Tensor Forward(Tensor x) => Fn.Forward(Norm.Forward(x));
}

/// <summary>Diffuser's Residual: fn(x) + x; state <c>fn.*</c>.</summary>
public sealed class Residual : Layer
{
    /// <summary>fn(x) + x; fn must keep x's shape.</summary>
    public Residual(Layer fn) => Fn = RegisterModule("fn", fn);
    /// <summary>The wrapped layer (state <c>fn.*</c>).</summary>
    public Layer Fn { get; }
    /// <inheritdoc/>
    public override Tensor Forward(Tensor x) => Fn.Forward(x) + x;
}
