namespace Engine.NN;

/// <summary>
/// Diffuser's ResidualTemporalBlock: h = Conv1dBlock(in→out)(x) + [act → Linear(embedDim→out)](tEmb) broadcast
/// over the horizon; h = Conv1dBlock(out→out)(h); out = h + residual(x), residual a 1×1 Conv1d when in ≠ out.
/// x: [batch, in, horizon], tEmb: [batch, embedDim] → [batch, out, horizon].
/// State: <c>blocks.{0,1}.block.*</c>, <c>time_mlp.1.*</c> (index 0 is the activation, 2 a Rearrange),
/// <c>residual_conv.*</c>.
/// </summary>
public sealed class ResidualTemporalBlock : Module
{
    private readonly Conv1d? _residual;

    /// <summary>A block from <paramref name="inChannels"/> to <paramref name="outChannels"/> conditioned on a time embedding of <paramref name="embedDim"/>.</summary>
    public ResidualTemporalBlock(int inChannels, int outChannels, int embedDim, Generator g, int kernelSize = 5, int nGroups = 8, Func<Layer>? activation = null)
    {
        activation ??= () => new Mish();
        InChannels = inChannels; OutChannels = outChannels; EmbedDim = embedDim;
        Blocks = RegisterModule("blocks", new ModuleList<Conv1dBlock>(
            new Conv1dBlock(inChannels, outChannels, kernelSize, g, nGroups, activation),
            new Conv1dBlock(outChannels, outChannels, kernelSize, g, nGroups, activation)));
        TimeMlp = RegisterModule("time_mlp", new Sequential(activation(), new Linear(embedDim, outChannels, g)));
        if (inChannels != outChannels)
            _residual = RegisterModule("residual_conv", new Conv1d(inChannels, outChannels, 1, g));
    }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }
    /// <summary>Output channels.</summary>
    public int OutChannels { get; }
    /// <summary>Size of the time embedding.</summary>
    public int EmbedDim { get; }
    /// <summary>The two Conv1dBlocks (state <c>blocks.{0,1}.*</c>).</summary>
    public ModuleList<Conv1dBlock> Blocks { get; }
    /// <summary>act → Linear(embedDim→out) → Rearrange (state <c>time_mlp.1.*</c>).</summary>
    public Sequential TimeMlp { get; }

    /// <summary>x: [batch, in, horizon], tEmb: [batch, embedDim] → [batch, out, horizon].</summary>
    public Tensor Forward(Tensor x, Tensor tEmb)
    {
        if (x.Rank != 3 || x.Shape[1] != InChannels)
            throw new ArgumentException($"ResidualTemporalBlock({InChannels}→{OutChannels}): x must be [batch, {InChannels}, horizon], got {ShapeFormat.Of(x)}");
        if (tEmb.Rank != 2 || tEmb.Shape[1] != EmbedDim || tEmb.Shape[0] != x.Shape[0])
            throw new ArgumentException($"ResidualTemporalBlock({InChannels}→{OutChannels}): tEmb must be [{x.Shape[0]}, {EmbedDim}], got {ShapeFormat.Of(tEmb)}");
        var h = Blocks[0].Forward(x) + TimeMlp.Forward(tEmb).Unsqueeze(2);
        h = Blocks[1].Forward(h);
        return h + (_residual == null ? x : _residual.Forward(x));
    }
}
