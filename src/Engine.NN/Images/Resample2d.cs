namespace Engine.NN;

/// <summary>
/// denoising-diffusion-pytorch's Downsample: pixel-unshuffle (einops 'b c (h p1) (w p2) → b (c p1 p2) h w',
/// p1 = p2 = 2) then Conv2d(4·in → out, 1). x: [batch, in, H, W] (H, W even) → [batch, out, H/2, W/2].
/// State: <c>1.*</c> (index 0 is the parameter-free rearrange).
/// </summary>
public sealed class Downsample2d : Layer
{
    private readonly Conv2d _conv;

    /// <summary>A 2× downsampling from <paramref name="inChannels"/> to <paramref name="outChannels"/>.</summary>
    public Downsample2d(int inChannels, int outChannels, Generator g)
    {
        InChannels = inChannels;
        RegisterModule("0", new Identity());
        _conv = RegisterModule("1", new Conv2d(inChannels * 4, outChannels, 1, g));
    }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x)
    {
        if (x.Rank != 4 || x.Shape[1] != InChannels || x.Shape[2] % 2 != 0 || x.Shape[3] % 2 != 0)
            throw new ArgumentException($"Downsample2d({InChannels}): x must be [batch, {InChannels}, even height, even width], got {ShapeFormat.Of(x)}");
        int b = x.Shape[0], c = x.Shape[1], h = x.Shape[2] / 2, w = x.Shape[3] / 2;
        // (c, p1, p2) channel order: channel c·4 + p1·2 + p2 holds x[b, c, 2i + p1, 2j + p2].
        var unshuffled = x.Reshape(b, c, h, 2, w, 2).Permute(0, 1, 3, 5, 2, 4).Reshape(b, c * 4, h, w);
        return _conv.Forward(unshuffled);
    }
}

/// <summary>
/// denoising-diffusion-pytorch's Upsample: nearest-neighbour 2× then Conv2d(in → out, 3, padding 1).
/// x: [batch, in, H, W] → [batch, out, 2H, 2W]. State: <c>1.*</c> (index 0 is the parameter-free upsample).
/// </summary>
public sealed class Upsample2d : Layer
{
    private readonly Conv2d _conv;

    /// <summary>A 2× upsampling from <paramref name="inChannels"/> to <paramref name="outChannels"/>.</summary>
    public Upsample2d(int inChannels, int outChannels, Generator g)
    {
        RegisterModule("0", new Identity());
        _conv = RegisterModule("1", new Conv2d(inChannels, outChannels, 3, g, padding: 1));
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x) => _conv.Forward(x.UpsampleNearest2d(2));
}
