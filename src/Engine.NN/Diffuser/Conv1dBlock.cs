namespace Engine.NN;

/// <summary>
/// Diffuser's Conv1dBlock: Conv1d(in→out, k, padding k/2) → GroupNorm(nGroups, out) → activation (Mish).
/// x: [batch, in, horizon] → [batch, out, horizon]. State names follow Diffuser's Sequential, where two
/// parameter-free Rearrange layers sit at indices 1 and 3: <c>block.0.*</c> (conv), <c>block.2.*</c> (norm).
/// </summary>
public sealed class Conv1dBlock : Layer
{
    /// <summary>Conv1d(in→out, k, padding k/2) → GroupNorm(nGroups, out) → activation (default Mish).</summary>
    public Conv1dBlock(int inChannels, int outChannels, int kernelSize, Generator g, int nGroups = 8, Func<Layer>? activation = null)
    {
        var conv = new Conv1d(inChannels, outChannels, kernelSize, g, padding: kernelSize / 2);
        // Rearrange layers of the reference are identities on [batch, channels, horizon].
        Block = RegisterModule("block", new Sequential(conv, new Identity(), new GroupNorm(nGroups, outChannels), new Identity(), (activation ?? (() => new Mish()))()));
    }

    /// <summary>The layers, named <c>block.0</c> (conv), <c>block.2</c> (norm), <c>block.4</c> (activation) as Diffuser's.</summary>
    public Sequential Block { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x) => Block.Forward(x);
}
