namespace Engine.NN;

/// <summary>
/// denoising-diffusion-pytorch's Block: Conv2d(in→out, 3, padding 1) → GroupNorm(groups, out) →
/// optional x·(scale + 1) + shift → SiLU. x: [batch, in, H, W] → [batch, out, H, W]; scale and shift:
/// [batch, out, 1, 1]. State: <c>proj.*</c>, <c>norm.*</c>. The projection is a plain convolution (the
/// library's current form; some 1.x releases used a weight-standardised one).
/// </summary>
public sealed class Block2d : Module
{
    /// <summary>A block from <paramref name="inChannels"/> to <paramref name="outChannels"/>, normalised in <paramref name="groups"/> groups.</summary>
    public Block2d(int inChannels, int outChannels, Generator g, int groups = 8)
    {
        Proj = RegisterModule("proj", new Conv2d(inChannels, outChannels, 3, g, padding: 1));
        Norm = RegisterModule("norm", new GroupNorm(groups, outChannels));
    }

    /// <summary>The 3×3 convolution (state <c>proj.*</c>).</summary>
    public Conv2d Proj { get; }
    /// <summary>The group norm (state <c>norm.*</c>).</summary>
    public GroupNorm Norm { get; }

    /// <summary>x: [batch, in, H, W] → [batch, out, H, W], modulated by the time embedding's (scale, shift) when given.</summary>
    public Tensor Forward(Tensor x, (Tensor Scale, Tensor Shift)? scaleShift = null)
    {
        var h = Norm.Forward(Proj.Forward(x));
        if (scaleShift is var (scale, shift)) h = h * (scale + 1.0) + shift;
        return h.Silu();
    }
}

/// <summary>
/// denoising-diffusion-pytorch's ResnetBlock: the time embedding [batch, timeDim] → SiLU → Linear(timeDim →
/// 2·out) gives a per-channel (scale, shift); h = Block(in→out)(x, scale, shift); h = Block(out→out)(h);
/// out = h + res_conv(x), res_conv a 1×1 Conv2d when in ≠ out. x: [batch, in, H, W] → [batch, out, H, W].
/// State: <c>mlp.1.*</c> (index 0 is the SiLU), <c>block1.*</c>, <c>block2.*</c>, <c>res_conv.*</c>.
/// </summary>
public sealed class ResnetBlock2d : Module
{
    private readonly Conv2d? _resConv;

    /// <summary>A block from <paramref name="inChannels"/> to <paramref name="outChannels"/> conditioned on a time embedding of <paramref name="timeDim"/>.</summary>
    public ResnetBlock2d(int inChannels, int outChannels, int timeDim, Generator g, int groups = 8)
    {
        InChannels = inChannels; OutChannels = outChannels; TimeDim = timeDim;
        Mlp = RegisterModule("mlp", new Sequential(new SiLU(), new Linear(timeDim, outChannels * 2, g)));
        Block1 = RegisterModule("block1", new Block2d(inChannels, outChannels, g, groups));
        Block2 = RegisterModule("block2", new Block2d(outChannels, outChannels, g, groups));
        if (inChannels != outChannels) _resConv = RegisterModule("res_conv", new Conv2d(inChannels, outChannels, 1, g));
    }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }
    /// <summary>Output channels.</summary>
    public int OutChannels { get; }
    /// <summary>Size of the time embedding.</summary>
    public int TimeDim { get; }
    /// <summary>SiLU → Linear(timeDim → 2·out) (state <c>mlp.1.*</c>).</summary>
    public Sequential Mlp { get; }
    /// <summary>The first block, modulated by the time embedding.</summary>
    public Block2d Block1 { get; }
    /// <summary>The second block.</summary>
    public Block2d Block2 { get; }

    /// <summary>x: [batch, in, H, W], tEmb: [batch, timeDim] → [batch, out, H, W].</summary>
    public Tensor Forward(Tensor x, Tensor tEmb)
    {
        if (x.Rank != 4 || x.Shape[1] != InChannels)
            throw new ArgumentException($"ResnetBlock2d({InChannels}→{OutChannels}): x must be [batch, {InChannels}, height, width], got {ShapeFormat.Of(x)}");
        if (tEmb.Rank != 2 || tEmb.Shape[1] != TimeDim || tEmb.Shape[0] != x.Shape[0])
            throw new ArgumentException($"ResnetBlock2d({InChannels}→{OutChannels}): tEmb must be [{x.Shape[0]}, {TimeDim}], got {ShapeFormat.Of(tEmb)}");
        // [batch, 2·out] → [batch, 2·out, 1, 1], split into scale (first half) and shift, as torch's chunk(2, dim=1).
        var e = Mlp.Forward(tEmb).Reshape(x.Shape[0], OutChannels * 2, 1, 1);
        var h = Block1.Forward(x, (e.Slice(1, 0, OutChannels), e.Slice(1, OutChannels, OutChannels * 2)));
        h = Block2.Forward(h);
        return h + (_resConv == null ? x : _resConv.Forward(x));
    }
}
