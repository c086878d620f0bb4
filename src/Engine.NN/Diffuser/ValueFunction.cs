namespace Engine.NN;

/// <summary>
/// The U-Net-encoder value/reward network. x: [batch, horizon, transition], t: [batch] → [batch, outDim].
/// Channels [transition, dim·m₁, …]; every level: RTB(in→out), RTB(out→out), Downsample1d (also at the last
/// level); mid_block1 RTB(mid→mid/2), mid_down1, mid_block2 RTB(mid/2→mid/4), mid_down2; flatten, concat the
/// time embedding, final_block Linear(fc+dim→fc/2) → act → Linear(fc/2→outDim), fc = mid/4 × final length.
/// Time MLP: SinusoidalPosEmb(dim) → Linear(dim→4dim) → act → Linear(4dim→dim).
/// <para>The relative-reward locomotion reward is <c>dim=4, dimMults=(16,16,32,32)</c> with LeakyReLU
/// everywhere (<see cref="RelativeReward"/>); Diffuser's original is dim 32, (1,2,4,8), Mish.
/// State names follow Diffuser's ValueFunction: <c>time_mlp.{1,3}</c>, <c>blocks.i.{0,1,2}</c>,
/// <c>mid_block1</c>, <c>mid_down1</c>, <c>mid_block2</c>, <c>mid_down2</c>, <c>final_block.{0,2}</c>.</para>
/// </summary>
public sealed class ValueFunction : Module, ITrajectoryModel
{
    private readonly List<(ResidualTemporalBlock R1, ResidualTemporalBlock R2, Downsample1d Down)> _blocks = [];
    private readonly SinusoidalPosEmb _posEmb;
    private readonly Sequential _timeMlp, _final;
    private readonly ResidualTemporalBlock _mid1, _mid2;
    private readonly Downsample1d _midDown1, _midDown2;

    /// <summary>Builds the network with PyTorch's default initialisation; <paramref name="dtype"/> float64 widens the float32 draws.</summary>
    public ValueFunction(int horizon, int transitionDim, Generator g, int dim = 32, int[]? dimMults = null, int outDim = 1, Func<Layer>? activation = null, int kernelSize = 5,
        DType dtype = DType.Float32)
    {
        dimMults ??= [1, 2, 4, 8];
        activation ??= () => new Mish();
        if (horizon <= 0 || transitionDim <= 0 || dim < 4 || dim % 2 != 0 || dimMults.Length == 0)
            throw new ArgumentException($"ValueFunction: invalid horizon={horizon}, transitionDim={transitionDim}, dim={dim}");
        Horizon = horizon; TransitionDim = transitionDim; Dim = dim;
        var dims = new[] { transitionDim }.Concat(dimMults.Select(m => dim * m)).ToArray();

        _posEmb = new SinusoidalPosEmb(dim);
        _timeMlp = RegisterModule("time_mlp", new Sequential(_posEmb, new Linear(dim, dim * 4, g), activation(), new Linear(dim * 4, dim, g)));
        var blocks = RegisterModule("blocks", new ModuleList<ModuleList<Module>>());
        int length = horizon;
        for (int i = 0; i < dimMults.Length; i++)
        {
            var r1 = new ResidualTemporalBlock(dims[i], dims[i + 1], dim, g, kernelSize, activation: activation);
            var r2 = new ResidualTemporalBlock(dims[i + 1], dims[i + 1], dim, g, kernelSize, activation: activation);
            var down = new Downsample1d(dims[i + 1], g);
            blocks.Add(new ModuleList<Module>(r1, r2, down));
            _blocks.Add((r1, r2, down));
            length = DownLength(length);
        }
        int mid = dims[^1], mid2 = mid / 2, mid3 = mid / 4;
        _mid1 = RegisterModule("mid_block1", new ResidualTemporalBlock(mid, mid2, dim, g, kernelSize, activation: activation));
        _midDown1 = RegisterModule("mid_down1", new Downsample1d(mid2, g));
        _mid2 = RegisterModule("mid_block2", new ResidualTemporalBlock(mid2, mid3, dim, g, kernelSize, activation: activation));
        _midDown2 = RegisterModule("mid_down2", new Downsample1d(mid3, g));
        length = DownLength(DownLength(length));
        // The reference derives fc from its own horizon bookkeeping; the real final length gives the same
        // value for every horizon the configs use and is right for the others.
        FcDim = mid3 * length;
        _final = RegisterModule("final_block", new Sequential(new Linear(FcDim + dim, FcDim / 2, g), activation(), new Linear(FcDim / 2, outDim, g)));
        if (dtype != DType.Float32) To(dtype);
    }

    /// <summary>The paper's locomotion reward network: dim 4, mults (16,16,32,32), LeakyReLU(0.01), GroupNorm(8).</summary>
    public static ValueFunction RelativeReward(int horizon, int transitionDim, Generator g) =>
        new(horizon, transitionDim, g, dim: 4, dimMults: [16, 16, 32, 32], activation: () => new LeakyReLU());

    private static int DownLength(int l) => (l - 1) / 2 + 1;

    /// <summary>Sequence length H of x.</summary>
    public int Horizon { get; }
    /// <summary>Channels per step.</summary>
    public int TransitionDim { get; }
    /// <summary>Base width and time-embedding size.</summary>
    public int Dim { get; }
    /// <summary>Width of the flattened features entering the head.</summary>
    public int FcDim { get; }

    /// <summary>The time embedding: t [batch] (integer steps, any dtype) → [batch, dim] in <paramref name="dtype"/>.</summary>
    public Tensor TimeEmbedding(Tensor t, DType dtype)
    {
        var temb = _posEmb.Forward(t, dtype);
        for (int i = 1; i < _timeMlp.Count; i++) temb = _timeMlp[i].Forward(temb);
        return temb;
    }

    /// <summary>x: [batch, horizon, transition], t: [batch] → [batch, outDim].</summary>
    public Tensor Forward(Tensor x, Tensor t)
    {
        if (x.Rank != 3 || x.Shape[1] != Horizon || x.Shape[2] != TransitionDim)
            throw new ArgumentException($"ValueFunction: x must be [batch, {Horizon}, {TransitionDim}], got {ShapeFormat.Of(x)}");
        if (t.Rank != 1 || t.Shape[0] != x.Shape[0])
            throw new ArgumentException($"ValueFunction: t must be [{x.Shape[0]}], got {ShapeFormat.Of(t)}");
        var h = x.Transpose(1, 2);
        var temb = TimeEmbedding(t, x.DType);
        foreach (var (r1, r2, down) in _blocks)
            h = down.Forward(r2.Forward(r1.Forward(h, temb), temb));
        h = _midDown1.Forward(_mid1.Forward(h, temb));
        h = _midDown2.Forward(_mid2.Forward(h, temb));
        h = h.Reshape(h.Shape[0], -1);
        return _final.Forward(Tensor.Concat([h, temb], 1));
    }
}
