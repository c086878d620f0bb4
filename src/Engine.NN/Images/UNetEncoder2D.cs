namespace Engine.NN;

/// <summary>
/// The encoder half of <see cref="UNet2D"/> as a reward network (the paper's image reward, Table 4: "UNet
/// encoder", channels (32, 64, 128, 256) after the downsampling steps). x: [batch, channels, S, S], t: [batch] → [batch, 1].
/// <para>init_conv: Conv2d(channels → dims[0], 7, padding 3). Level i over (in, out) = (dims[i−1] or dims[0], dims[i]):
/// ResnetBlock(in→out), ResnetBlock(out→out), Downsample(out→out) except at the last level, so the features end at
/// S / 2^(levels−1) per side. Then, as Diffuser's value function does, flatten, concatenate the time embedding and
/// final_block: Linear(fc + 4·dims[0] → fc/2) → SiLU → Linear(fc/2 → 1), fc = dims[^1]·(final side)².
/// Time MLP as <see cref="UNet2D"/>'s: SinusoidalPosEmb(dims[0]) → Linear → GELU → Linear (4·dims[0]).</para>
/// <para>Flattening rather than pooling keeps where a feature is, which a reward over scenes may need; the price is
/// that the image size is fixed at construction.</para>
/// </summary>
public sealed class UNetEncoder2D : Module, ITrajectoryModel
{
    private readonly List<(ResnetBlock2d B1, ResnetBlock2d B2, Layer Down)> _levels = [];
    private readonly SinusoidalPosEmb _posEmb;
    private readonly Sequential _timeMlp, _final;
    private readonly Conv2d _initConv;

    /// <summary>Builds the network with PyTorch's default initialisation for images [channels, <paramref name="size"/>, <paramref name="size"/>].</summary>
    /// <param name="size">Side S of the square images (a multiple of 2^(levels−1)).</param>
    /// <param name="g">The source of the initial weights.</param>
    /// <param name="dims">Channels after each level; the paper's (32, 64, 128, 256) by default.</param>
    /// <param name="channels">Image channels in.</param>
    /// <param name="groups">GroupNorm groups (every width a multiple of it).</param>
    public UNetEncoder2D(int size, Generator g, int[]? dims = null, int channels = 3, int groups = 8)
    {
        dims ??= [32, 64, 128, 256];
        if (dims.Length == 0 || dims.Any(d => d <= 0 || d % groups != 0) || dims[0] % 2 != 0 || channels <= 0 || size <= 0 || size % (1 << (dims.Length - 1)) != 0)
            throw new ArgumentException($"UNetEncoder2D: invalid size={size}, channels={channels}, groups={groups}, dims=[{string.Join(",", dims)}] (dims must be even multiples of groups, size a multiple of 2^(levels−1))");
        Size = size; Channels = channels; Dims = [.. dims];
        int timeDim = dims[0] * 4;
        _initConv = RegisterModule("init_conv", new Conv2d(channels, dims[0], 7, g, padding: 3));
        _posEmb = new SinusoidalPosEmb(dims[0]);
        _timeMlp = RegisterModule("time_mlp", new Sequential(_posEmb, new Linear(dims[0], timeDim, g), new GELU(), new Linear(timeDim, timeDim, g)));
        var blocks = RegisterModule("downs", new ModuleList<ModuleList<Module>>());
        for (int i = 0; i < dims.Length; i++)
        {
            int dIn = dims[Math.Max(0, i - 1)], dOut = dims[i];
            var b1 = new ResnetBlock2d(dIn, dOut, timeDim, g, groups);
            var b2 = new ResnetBlock2d(dOut, dOut, timeDim, g, groups);
            Layer down = i == dims.Length - 1 ? new Identity() : new Downsample2d(dOut, dOut, g);
            blocks.Add(new ModuleList<Module>(b1, b2, down));
            _levels.Add((b1, b2, down));
        }
        int side = size >> (dims.Length - 1);
        FcDim = dims[^1] * side * side;
        _final = RegisterModule("final_block", new Sequential(new Linear(FcDim + timeDim, FcDim / 2, g), new SiLU(), new Linear(FcDim / 2, 1, g)));
    }

    /// <summary>Side S of the square images.</summary>
    public int Size { get; }
    /// <summary>Image channels in.</summary>
    public int Channels { get; }
    /// <summary>Channels after each level.</summary>
    public IReadOnlyList<int> Dims { get; }
    /// <summary>Width of the flattened features entering the head.</summary>
    public int FcDim { get; }

    /// <summary>x: [batch, channels, S, S], t: [batch] (diffusion steps, any dtype) → [batch, 1].</summary>
    public Tensor Forward(Tensor x, Tensor t)
    {
        if (x.Rank != 4 || x.Shape[1] != Channels || x.Shape[2] != Size || x.Shape[3] != Size)
            throw new ArgumentException($"UNetEncoder2D: x must be [batch, {Channels}, {Size}, {Size}], got {ShapeFormat.Of(x)}");
        if (t.Rank != 1 || t.Shape[0] != x.Shape[0])
            throw new ArgumentException($"UNetEncoder2D: t must be [{x.Shape[0]}], got {ShapeFormat.Of(t)}");
        var temb = _posEmb.Forward(t, x.DType);
        for (int i = 1; i < _timeMlp.Count; i++) temb = _timeMlp[i].Forward(temb);
        var h = _initConv.Forward(x);
        foreach (var (b1, b2, down) in _levels) h = down.Forward(b2.Forward(b1.Forward(h, temb), temb));
        h = Tensor.Concat([h.Reshape(x.Shape[0], FcDim), temb], 1);
        return _final.Forward(h);
    }
}
