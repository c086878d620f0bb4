namespace Engine.NN;

/// <summary>Conv1d(dim→dim, k=3, stride 2, padding 1): [batch, dim, L] → [batch, dim, ⌊(L−1)/2⌋+1]. State: <c>conv.*</c>.</summary>
public sealed class Downsample1d : Layer
{
    public Downsample1d(int dim, Generator g) => Conv = RegisterModule("conv", new Conv1d(dim, dim, 3, g, stride: 2, padding: 1));
    public Conv1d Conv { get; }
    public override Tensor Forward(Tensor x) => Conv.Forward(x);
}
