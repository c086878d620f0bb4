namespace Engine.NN;

/// <summary>
/// The maze reward network of the paper's code (SingleStepRewardMLP). x: [batch, h, transition] (one window),
/// t: [batch] → [batch, 1]. Input = flattened window (time-major, index τ·C + c) ++ time embedding
/// [SinusoidalPosEmb(embedDim) → Linear(embedDim→4·embedDim) → act → Linear(4·embedDim→embedDim)].
/// Layers: Linear+act for every consecutive pair of [input, dim·m₁, …, 1] — including after the Linear(→1),
/// a quirk of the reference — then one extra Linear(1→1).
/// <para>State names: <c>time_mlp.{1,3}</c> and <c>mlp.{0,2,4,…}</c> (the reference's exact attribute names
/// are not in our sources; this is the Sequential layout the description implies).</para>
/// </summary>
public sealed class SingleStepRewardMLP : Module, ITrajectoryModel
{
    private readonly SinusoidalPosEmb _posEmb;
    private readonly Sequential _timeMlp, _mlp;

    public SingleStepRewardMLP(int horizon, int transitionDim, Generator g, int dim = 4, int embedDim = 32, int[]? dimMults = null, Func<Layer>? activation = null)
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
        {
            _mlp.Add(new Linear(widths[i], widths[i + 1], g));
            _mlp.Add(activation());
        }
        _mlp.Add(new Linear(1, 1, g));
        RegisterModule("mlp", _mlp);
    }

    public int Horizon { get; }
    public int TransitionDim { get; }
    public int EmbedDim { get; }

    /// <summary>x: [batch, h, transition], t: [batch] → [batch, 1].</summary>
    public Tensor Forward(Tensor x, Tensor t)
    {
        if (x.Rank != 3 || x.Shape[1] != Horizon || x.Shape[2] != TransitionDim)
            throw new ArgumentException($"SingleStepRewardMLP: x must be [batch, {Horizon}, {TransitionDim}], got {ShapeFormat.Of(x)}");
        if (t.Rank != 1 || t.Shape[0] != x.Shape[0])
            throw new ArgumentException($"SingleStepRewardMLP: t must be [{x.Shape[0]}], got {ShapeFormat.Of(t)}");
        var temb = _posEmb.Forward(t, x.DType);
        for (int i = 1; i < _timeMlp.Count; i++) temb = _timeMlp[i].Forward(temb);
        return _mlp.Forward(Tensor.Concat([x.Reshape(x.Shape[0], -1), temb], 1));
    }
}
