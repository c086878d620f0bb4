namespace Engine.NN;

/// <summary>
/// The maze reward network of the paper's code (SingleStepRewardMLP). x: [batch, h, transition] (one window),
/// t: [batch] → [batch, 1]. Input = flattened window (time-major, index τ·C + c) ++ time embedding
/// [SinusoidalPosEmb(embedDim) → Linear(embedDim→4·embedDim) → act → Linear(4·embedDim→embedDim)].
/// Layers: Linear+act for every consecutive pair of [input, dim·m₁, …, 1] — including after the Linear(→1),
/// a quirk of the reference — then one extra Linear(1→1).
/// <para>State names are the reference class's: <c>time_mlp.{1,3}</c>; each Linear+act pair is a nested
/// Sequential, <c>mlp.{i}.0.*</c> for i = 0 … n−1 (n = dimMults.Length + 1 pairs), and the final Linear(1→1) is
/// <c>mlp.{n}.*</c> — with dimMults (32, 16, 8): <c>mlp.0.0</c> … <c>mlp.3.0</c>, then <c>mlp.4</c>.</para>
/// </summary>
public sealed class SingleStepRewardMLP : Module, ITrajectoryModel, ISharedStepWindowModel
{
    private readonly SinusoidalPosEmb _posEmb;
    private readonly Sequential _timeMlp, _mlp;

    /// <summary>Builds the network with PyTorch's default initialisation.</summary>
    /// <param name="horizon">Window length h: x is [batch, h, transitionDim].</param>
    /// <param name="transitionDim">Channels per step (actions then observations).</param>
    /// <param name="g">Source of the initial weights.</param>
    /// <param name="dim">Base width; hidden widths are dim·m for m in <paramref name="dimMults"/>.</param>
    /// <param name="embedDim">Size of the time embedding.</param>
    /// <param name="dimMults">Width multipliers (default 32, 16, 8).</param>
    /// <param name="activation">Activation factory (default LeakyReLU(0.01)).</param>
    /// <param name="dtype">Parameter dtype: float32 (default) or float64 (drawn in float32, then widened).</param>
    public SingleStepRewardMLP(int horizon, int transitionDim, Generator g, int dim = 4, int embedDim = 32, int[]? dimMults = null,
        Func<Layer>? activation = null, DType dtype = DType.Float32)
    {
        dimMults ??= [32, 16, 8];
        activation ??= () => new LeakyReLU();
        if (horizon <= 0 || transitionDim <= 0) throw new ArgumentException($"SingleStepRewardMLP: invalid horizon={horizon}, transitionDim={transitionDim}");
        Horizon = horizon; TransitionDim = transitionDim; EmbedDim = embedDim;
        _posEmb = new SinusoidalPosEmb(embedDim);
        _timeMlp = RegisterModule("time_mlp", new Sequential(_posEmb, new Linear(embedDim, embedDim * 4, g), activation(), new Linear(embedDim * 4, embedDim, g)));
        var widths = new[] { horizon * transitionDim + embedDim }.Concat(dimMults.Select(m => dim * m)).Append(1).ToArray();
        _mlp = new Sequential();
        for (int i = 0; i + 1 < widths.Length; i++)
            _mlp.Add(new Sequential(new Linear(widths[i], widths[i + 1], g), activation()));
        _mlp.Add(new Linear(1, 1, g));
        RegisterModule("mlp", _mlp);
        if (dtype != DType.Float32) To(dtype);
    }

    /// <summary>Window length h.</summary>
    public int Horizon { get; }

    /// <summary>Channels per step.</summary>
    public int TransitionDim { get; }

    /// <summary>Size of the time embedding.</summary>
    public int EmbedDim { get; }

    /// <summary>The time embedding: t [batch] (integer steps, any dtype) → [batch, embedDim] in <paramref name="dtype"/>.</summary>
    public Tensor TimeEmbedding(Tensor t, DType dtype)
    {
        var temb = _posEmb.Forward(t, dtype);
        for (int i = 1; i < _timeMlp.Count; i++) temb = _timeMlp[i].Forward(temb);
        return temb;
    }

    /// <summary>x: [batch, h, transition], t: [batch] → [batch, 1].</summary>
    public Tensor Forward(Tensor x, Tensor t)
    {
        if (x.Rank != 3 || x.Shape[1] != Horizon || x.Shape[2] != TransitionDim)
            throw new ArgumentException($"SingleStepRewardMLP: x must be [batch, {Horizon}, {TransitionDim}], got {ShapeFormat.Of(x)}");
        if (t.Rank != 1 || t.Shape[0] != x.Shape[0])
            throw new ArgumentException($"SingleStepRewardMLP: t must be [{x.Shape[0]}], got {ShapeFormat.Of(t)}");
        return _mlp.Forward(Tensor.Concat([x.Reshape(x.Shape[0], -1), TimeEmbedding(t, x.DType)], 1));
    }

    /// <summary>
    /// windows: [batch, n, h, transition], t: [batch] → [batch, n]. The first Linear acts on [window ++ t_emb];
    /// its weight is split by columns, so the window part is a GEMM over the batch·n windows and the embedding
    /// part (with the bias) one over the batch, broadcast over the n windows: the time MLP and 32 of the first
    /// layer's 56 input columns run once per trajectory instead of n times.
    /// </summary>
    public Tensor ForwardWindows(Tensor windows, Tensor t)
    {
        if (windows.Rank != 4 || windows.Shape[2] != Horizon || windows.Shape[3] != TransitionDim)
            throw new ArgumentException($"SingleStepRewardMLP: windows must be [batch, n, {Horizon}, {TransitionDim}], got {ShapeFormat.Of(windows)}");
        int b = windows.Shape[0], n = windows.Shape[1], inX = Horizon * TransitionDim;
        if (t.Rank != 1 || t.Shape[0] != b)
            throw new ArgumentException($"SingleStepRewardMLP: t must be [{b}], got {ShapeFormat.Of(t)}");
        var pair = (Sequential)_mlp[0];
        var first = (Linear)pair[0];
        var w = first.Weight.Value;
        var shared = Tensor.Linear(TimeEmbedding(t, windows.DType), w.Slice(1, inX, inX + EmbedDim), first.Bias?.Value);
        var h = Tensor.Linear(windows.Reshape(b, n, inX), w.Slice(1, 0, inX), shared.Unsqueeze(1));
        h = pair[1].Forward(h);
        for (int i = 1; i < _mlp.Count; i++) h = _mlp[i].Forward(h);
        return h.Reshape(b, n);
    }
}
