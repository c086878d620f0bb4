using Engine.NN;

namespace Engine.Theory.Tests.Support;

/// <summary>
/// A small x̂₀ network for horizon-1 samples: x: [batch, 1, c], t: [batch] → [batch, 1, c], an MLP (Mish) on
/// [x ++ SinusoidalPosEmb(16)(t)] with two hidden layers of <c>hidden</c> units. Trained by the production
/// <see cref="Engine.Diffusion.DiffusionTrainer"/> it is an imperfect model of a 2-D distribution, the kind of model
/// Proposition 4.3 is about.
/// </summary>
public sealed class PlaneDenoiser : Module, ITrajectoryModel
{
    private const int EmbedDim = 16;
    private readonly SinusoidalPosEmb _embedding = new(EmbedDim);
    private readonly Sequential _net;
    private readonly int _channels;

    public PlaneDenoiser(int channels, Generator g, int hidden)
    {
        _channels = channels;
        _net = RegisterModule("net", new Sequential(
            new Linear(channels + EmbedDim, hidden, g), new Mish(), new Linear(hidden, hidden, g), new Mish(), new Linear(hidden, channels, g)));
    }

    public Tensor Forward(Tensor x, Tensor t)
    {
        var input = Tensor.Concat([x.Reshape(x.Shape[0], _channels), _embedding.Forward(t, x.DType)], 1);
        return _net.Forward(input).Reshape(x.Shape[0], 1, _channels);
    }
}
