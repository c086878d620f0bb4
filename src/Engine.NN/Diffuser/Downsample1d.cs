namespace Engine.NN;

/// <summary>Conv1d(dim→dim, k=3, stride 2, padding 1): [batch, dim, L] → [batch, dim, ⌊(L−1)/2⌋+1]. State: <c>conv.*</c>.</summary>
public sealed class Downsample1d : Layer
{
    /// <summary>Conv1d(dim→dim, 3, stride 2, padding 1): [batch, dim, n] → [batch, dim, ⌈n/2⌉].</summary>
    public Downsample1d(int dim, Generator g) => Conv = RegisterModule("conv", new Conv1d(dim, dim, 3, g, stride: 2, padding: 1));
    /// <summary>The strided convolution (state <c>conv.*</c>).</summary>
    public Conv1d Conv { get; }
    /// <inheritdoc/>
    public override Tensor Forward(Tensor x) => Conv.Forward(x);
}
