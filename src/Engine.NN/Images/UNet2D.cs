namespace Engine.NN;

/// <summary>
/// The 2-D U-Net of denoising-diffusion-pytorch (lucidrains' Unet), without attention. x: [batch, channels,
/// H, W], t: [batch] → [batch, outDim, H, W], H and W divisible by 2^(levels − 1).
/// <para>dims = [initDim, dim·m₁, dim·m₂, …]; init_conv: Conv2d(channels → initDim, 7, padding 3). Down level i
/// over (in, out) = (dims[i], dims[i+1]): ResnetBlock(in→in) (skip), ResnetBlock(in→in) (skip), an empty
/// attention slot, then Downsample(in→out), or at the last level Conv2d(in→out, 3, padding 1). Middle:
/// two ResnetBlock(mid→mid). Up level over the reversed pairs: concat skip, ResnetBlock(out+in→out), concat
/// skip, ResnetBlock(out+in→out), empty slot, Upsample(out→in), or at the last level Conv2d(out→in, 3, padding 1).
/// Then concat the init_conv output, final_res_block: ResnetBlock(2·initDim→initDim), final_conv: Conv2d(initDim → outDim, 1).
/// Time MLP: SinusoidalPosEmb(dim) → Linear(dim→4dim) → GELU → Linear(4dim→4dim).</para>
/// <para>State names are the library's (<c>downs.0.0.mlp.1.weight</c>, <c>downs.0.3.1.weight</c>,
/// <c>mid_block1.block1.proj.weight</c>, <c>time_mlp.1.weight</c> …). Attention is off: the slots at index 2 of
/// every level and <c>mid_attn</c> hold no parameters, so a checkpoint of the library's model loads
/// once its attention entries are dropped.</para>
/// </summary>
public sealed class UNet2D : Module, ITrajectoryModel
{
    private readonly List<(ResnetBlock2d B1, ResnetBlock2d B2, Layer Resample)> _downs = [];
    private readonly List<(ResnetBlock2d B1, ResnetBlock2d B2, Layer Resample)> _ups = [];
    private readonly SinusoidalPosEmb _posEmb;
    private readonly Sequential _timeMlp;
    private readonly Conv2d _initConv, _finalConv;
    private readonly ResnetBlock2d _mid1, _mid2, _finalRes;

    /// <summary>Builds the network with PyTorch's default initialisation; <paramref name="dtype"/> float64 widens the float32 draws.</summary>
    public UNet2D(Generator g, int dim = 32, int[]? dimMults = null, int channels = 3, int? initDim = null, int? outDim = null, int groups = 8, DType dtype = DType.Float32)
    {
        dimMults ??= [1, 2, 4, 8];
        int init = initDim ?? dim;
        if (dimMults.Length == 0 || dim < 4 || dim % 2 != 0 || channels <= 0 || init <= 0 || dimMults.Any(m => m <= 0))
            throw new ArgumentException($"UNet2D: invalid dim={dim}, channels={channels}, initDim={init}, dimMults=[{string.Join(",", dimMults)}]");
        Dim = dim; Channels = channels; OutDim = outDim ?? channels; Levels = dimMults.Length;
        var dims = new[] { init }.Concat(dimMults.Select(m => dim * m)).ToArray();
        int timeDim = dim * 4;

        _initConv = RegisterModule("init_conv", new Conv2d(channels, init, 7, g, padding: 3));
        _posEmb = new SinusoidalPosEmb(dim);
        _timeMlp = RegisterModule("time_mlp", new Sequential(_posEmb, new Linear(dim, timeDim, g), new GELU(), new Linear(timeDim, timeDim, g)));

        var downs = RegisterModule("downs", new ModuleList<ModuleList<Module>>());
        for (int i = 0; i < Levels; i++)
        {
            int dIn = dims[i], dOut = dims[i + 1];
            var b1 = new ResnetBlock2d(dIn, dIn, timeDim, g, groups);
            var b2 = new ResnetBlock2d(dIn, dIn, timeDim, g, groups);
            Layer down = i == Levels - 1 ? new Conv2d(dIn, dOut, 3, g, padding: 1) : new Downsample2d(dIn, dOut, g);
            downs.Add(new ModuleList<Module>(b1, b2, new Identity(), down));
            _downs.Add((b1, b2, down));
        }
        int mid = dims[^1];
        _mid1 = RegisterModule("mid_block1", new ResnetBlock2d(mid, mid, timeDim, g, groups));
        RegisterModule("mid_attn", new Identity());
        _mid2 = RegisterModule("mid_block2", new ResnetBlock2d(mid, mid, timeDim, g, groups));

        var ups = RegisterModule("ups", new ModuleList<ModuleList<Module>>());
        for (int j = Levels - 1; j >= 0; j--)
        {
            int dIn = dims[j], dOut = dims[j + 1];
            var b1 = new ResnetBlock2d(dOut + dIn, dOut, timeDim, g, groups);
            var b2 = new ResnetBlock2d(dOut + dIn, dOut, timeDim, g, groups);
            Layer up = j == 0 ? new Conv2d(dOut, dIn, 3, g, padding: 1) : new Upsample2d(dOut, dIn, g);
            ups.Add(new ModuleList<Module>(b1, b2, new Identity(), up));
            _ups.Add((b1, b2, up));
        }
        _finalRes = RegisterModule("final_res_block", new ResnetBlock2d(init * 2, init, timeDim, g, groups));
        _finalConv = RegisterModule("final_conv", new Conv2d(init, OutDim, 1, g));
        if (dtype != DType.Float32) To(dtype);
    }

    /// <summary>Base width; the time embedding has 4·Dim entries.</summary>
    public int Dim { get; }
    /// <summary>Image channels in.</summary>
    public int Channels { get; }
    /// <summary>Channels out (default: <see cref="Channels"/>).</summary>
    public int OutDim { get; }
    /// <summary>Resolution levels (length of dimMults).</summary>
    public int Levels { get; }

    /// <summary>x: [batch, channels, H, W], t: [batch] (diffusion steps, any dtype) → [batch, outDim, H, W].</summary>
    public Tensor Forward(Tensor x, Tensor t)
    {
        int factor = 1 << (Levels - 1);
        if (x.Rank != 4 || x.Shape[1] != Channels || x.Shape[2] % factor != 0 || x.Shape[3] % factor != 0)
            throw new ArgumentException($"UNet2D: x must be [batch, {Channels}, height, width] with height and width multiples of {factor}, got {ShapeFormat.Of(x)}");
        if (t.Rank != 1 || t.Shape[0] != x.Shape[0])
            throw new ArgumentException($"UNet2D: t must be [{x.Shape[0]}], got {ShapeFormat.Of(t)}");
        var h = _initConv.Forward(x);
        var r = h;
        var temb = TimeEmbedding(t, x.DType);
        var skips = new Stack<Tensor>();
        foreach (var (b1, b2, down) in _downs)
        {
            h = b1.Forward(h, temb);
            skips.Push(h);
            h = b2.Forward(h, temb);
            skips.Push(h);
            h = down.Forward(h);
        }
        h = _mid2.Forward(_mid1.Forward(h, temb), temb);
        foreach (var (b1, b2, up) in _ups)
        {
            h = b1.Forward(Tensor.Concat([h, skips.Pop()], 1), temb);
            h = b2.Forward(Tensor.Concat([h, skips.Pop()], 1), temb);
            h = up.Forward(h);
        }
        h = _finalRes.Forward(Tensor.Concat([h, r], 1), temb);
        return _finalConv.Forward(h);
    }

    /// <summary>The time embedding: t [batch] → [batch, 4·dim] in <paramref name="dtype"/>.</summary>
    public Tensor TimeEmbedding(Tensor t, DType dtype)
    {
        var e = _posEmb.Forward(t, dtype);
        for (int i = 1; i < _timeMlp.Count; i++) e = _timeMlp[i].Forward(e);
        return e;
    }
}
