namespace Engine.NN;

/// <summary>
/// Diffuser's TemporalUnet. x: [batch, horizon, transition], t: [batch] → [batch, horizon, transition].
/// Channels dims = [transition, dim·m₁, dim·m₂, …]; R = len(dimMults) levels. Down level i: RTB(in→out),
/// RTB(out→out), skip push, Downsample1d except at the last level; middle: two RTB(mid→mid); up level j over
/// the reversed pairs without the first: concat skip, RTB(2·out→in), RTB(in→in), Upsample1d (every level, as
/// in the reference); final Conv1dBlock(dim→dim) → Conv1d(dim→transition, 1). Time MLP: SinusoidalPosEmb(dim)
/// → Linear(dim→4dim) → Mish → Linear(4dim→dim).
/// <para>State names are Diffuser's. <c>attentionSlots</c> = true reproduces the main branch's
/// layout (an attention slot at index 2 of every level, downsample at index 3, <c>mid_attn</c>);
/// false the maze2d branch's (downsample at index 2, no attention). With <c>attention</c> the slots hold
/// Residual(PreNorm(LinearAttention)) as Diffuser's halfcheetah config (names <c>downs.i.2.fn.fn.to_qkv.weight</c>,
/// <c>downs.i.2.fn.norm.g</c>), otherwise identities.</para>
/// </summary>
public sealed class TemporalUnet : Module, ITrajectoryModel
{
    private readonly List<(ResidualTemporalBlock R1, ResidualTemporalBlock R2, Layer Attn, Layer Resample)> _downs = [];
    private readonly List<(ResidualTemporalBlock R1, ResidualTemporalBlock R2, Layer Attn, Layer Resample)> _ups = [];
    private readonly Layer _midAttn;
    private readonly SinusoidalPosEmb _posEmb;
    private readonly Sequential _timeMlp;
    private readonly ResidualTemporalBlock _mid1, _mid2;
    private readonly Sequential _final;

    /// <summary>Builds the network with PyTorch's default initialisation; <paramref name="dtype"/> float64 widens the float32 draws.</summary>
    public TemporalUnet(int horizon, int transitionDim, Generator g, int dim = 32, int[]? dimMults = null, bool attentionSlots = true, int kernelSize = 5, bool attention = false,
        DType dtype = DType.Float32)
    {
        if (attention && !attentionSlots) throw new ArgumentException("TemporalUnet: attention needs the main-branch layout (attentionSlots: true)");
        dimMults ??= [1, 2, 4, 8];
        if (dimMults.Length == 0 || dim <= 0 || transitionDim <= 0) throw new ArgumentException($"TemporalUnet: invalid dim={dim}, transitionDim={transitionDim}, dimMults=[{string.Join(",", dimMults)}]");
        int r = dimMults.Length;
        if (horizon <= 0 || horizon % (1 << (r - 1)) != 0)
            throw new ArgumentException($"TemporalUnet: horizon {horizon} must be divisible by 2^{r - 1} = {1 << (r - 1)} for dimMults [{string.Join(",", dimMults)}]");
        Horizon = horizon; TransitionDim = transitionDim; Dim = dim;
        var dims = new[] { transitionDim }.Concat(dimMults.Select(m => dim * m)).ToArray();
        var inOut = Enumerable.Range(0, r).Select(i => (In: dims[i], Out: dims[i + 1])).ToArray();

        _posEmb = new SinusoidalPosEmb(dim);
        _timeMlp = RegisterModule("time_mlp", new Sequential(_posEmb, new Linear(dim, dim * 4, g), new Mish(), new Linear(dim * 4, dim, g)));

        var downs = RegisterModule("downs", new ModuleList<ModuleList<Module>>());
        for (int i = 0; i < r; i++)
        {
            bool last = i == r - 1;
            var r1 = new ResidualTemporalBlock(inOut[i].In, inOut[i].Out, dim, g, kernelSize);
            var r2 = new ResidualTemporalBlock(inOut[i].Out, inOut[i].Out, dim, g, kernelSize);
            Layer down = last ? new Identity() : new Downsample1d(inOut[i].Out, g);
            var attn = Attention(inOut[i].Out, attention, g);
            var level = new ModuleList<Module>(r1, r2);
            if (attentionSlots) level.Add(attn);
            level.Add(down);
            downs.Add(level);
            _downs.Add((r1, r2, attn, down));
        }
        int mid = dims[^1];
        _mid1 = RegisterModule("mid_block1", new ResidualTemporalBlock(mid, mid, dim, g, kernelSize));
        _midAttn = Attention(mid, attention, g);
        if (attentionSlots) RegisterModule("mid_attn", _midAttn);
        _mid2 = RegisterModule("mid_block2", new ResidualTemporalBlock(mid, mid, dim, g, kernelSize));

        var ups = RegisterModule("ups", new ModuleList<ModuleList<Module>>());
        for (int j = r - 1; j >= 1; j--)
        {
            var (dIn, dOut) = inOut[j];
            var r1 = new ResidualTemporalBlock(dOut * 2, dIn, dim, g, kernelSize);
            var r2 = new ResidualTemporalBlock(dIn, dIn, dim, g, kernelSize);
            var up = new Upsample1d(dIn, g);
            var attn = Attention(dIn, attention, g);
            var level = new ModuleList<Module>(r1, r2);
            if (attentionSlots) level.Add(attn);
            level.Add(up);
            ups.Add(level);
            _ups.Add((r1, r2, attn, up));
        }
        _final = RegisterModule("final_conv", new Sequential(new Conv1dBlock(dim, dim, kernelSize, g), new Conv1d(dim, transitionDim, 1, g)));
        if (dtype != DType.Float32) To(dtype);
    }

    private static Layer Attention(int dim, bool on, Generator g) => on ? new Residual(new PreNorm(dim, new LinearAttention(dim, g))) : new Identity();

    /// <summary>The horizon the network was built for (any multiple of 2^(levels−1) works).</summary>
    public int Horizon { get; }
    /// <summary>Channels per step (actions then observations).</summary>
    public int TransitionDim { get; }
    /// <summary>Base width and time-embedding size.</summary>
    public int Dim { get; }

    /// <summary>x: [batch, horizon, transition], t: [batch] → [batch, horizon, transition].</summary>
    public Tensor Forward(Tensor x, Tensor t)
    {
        if (x.Rank != 3 || x.Shape[2] != TransitionDim || x.Shape[1] % (1 << _ups.Count) != 0)
            throw new ArgumentException($"TemporalUnet: x must be [batch, horizon (multiple of {1 << _ups.Count}), {TransitionDim}], got {ShapeFormat.Of(x)}");
        if (t.Rank != 1 || t.Shape[0] != x.Shape[0])
            throw new ArgumentException($"TemporalUnet: t must be [{x.Shape[0]}], got {ShapeFormat.Of(t)}");
        var h = x.Transpose(1, 2);
        var temb = TimeEmbedding(t, x.DType);
        var skips = new Stack<Tensor>();
        foreach (var (r1, r2, attn, down) in _downs)
        {
            h = attn.Forward(r2.Forward(r1.Forward(h, temb), temb));
            skips.Push(h);
            h = down.Forward(h);
        }
        h = _mid2.Forward(_midAttn.Forward(_mid1.Forward(h, temb)), temb);
        foreach (var (r1, r2, attn, up) in _ups)
        {
            h = Tensor.Concat([h, skips.Pop()], 1);
            h = up.Forward(attn.Forward(r2.Forward(r1.Forward(h, temb), temb)));
        }
        return _final.Forward(h).Transpose(1, 2);
    }

    /// <summary>The time embedding: t [batch] (integer steps, any dtype) → [batch, dim] in <paramref name="dtype"/>.</summary>
    public Tensor TimeEmbedding(Tensor t, DType dtype)
    {
        var e = _posEmb.Forward(t, dtype);
        for (int i = 1; i < _timeMlp.Count; i++) e = _timeMlp[i].Forward(e);
        return e;
    }
}
