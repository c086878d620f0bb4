using Engine.NN;

namespace Engine.Diffusion.Tests;

/// <summary>An MLP denoiser for horizon-1 trajectories: x: [batch, 1, c], t: [batch] → [batch, 1, c].</summary>
internal sealed class TinyDenoiser : Module, ITrajectoryModel
{
    private readonly SinusoidalPosEmb _emb = new(16);
    private readonly Sequential _net;
    private readonly int _c;

    public TinyDenoiser(int c, Generator g, int hidden = 64)
    {
        _c = c;
        _net = RegisterModule("net", new Sequential(new Linear(c + 16, hidden, g), new Mish(), new Linear(hidden, hidden, g), new Mish(), new Linear(hidden, c, g)));
    }

    public Tensor Forward(Tensor x, Tensor t)
    {
        var h = Tensor.Concat([x.Reshape(x.Shape[0], _c), _emb.Forward(t, x.DType)], 1);
        return _net.Forward(h).Reshape(x.Shape[0], 1, _c);
    }
}
