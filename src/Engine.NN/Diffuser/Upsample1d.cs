namespace Engine.NN;

/// <summary>ConvTranspose1d(dim→dim, k=4, stride 2, padding 1): [batch, dim, L] → [batch, dim, 2L]. State: <c>conv.*</c>.</summary>
public sealed class Upsample1d : Layer
{
    /// <summary>ConvTranspose1d(dim→dim, 4, stride 2, padding 1): [batch, dim, n] → [batch, dim, 2n].</summary>
    public Upsample1d(int dim, Generator g) => Conv = RegisterModule("conv", new ConvTranspose1d(dim, dim, 4, g, stride: 2, padding: 1));
    /// <summary>The transposed convolution (state <c>conv.*</c>).</summary>
    public ConvTranspose1d Conv { get; }
    /// <inheritdoc/>
    public override Tensor Forward(Tensor x) => Conv.Forward(x);
}
