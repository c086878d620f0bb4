using Engine.Diffusion;
using Engine.NN;

namespace Engine.Rewards.Discriminator;

/// <summary>
/// Turning a trained discriminator (a network d(x, t) → logit of p(expert | x_t)) into scores and into a
/// classifier-guidance reward.
/// </summary>
public static class DiscriminatorGuide
{
    /// <summary>
    /// The logits of <paramref name="model"/>: x: [batch, horizon, transition], t: int32 [batch] → [batch].
    /// The network must give one value per sample ([batch, 1] or [batch]).
    /// </summary>
    public static Tensor Logits(ITrajectoryModel model, Tensor x, Tensor t)
    {
        var y = model.Forward(x, t);
        int b = x.Shape[0];
        if (!(y.Rank == 1 && y.Shape[0] == b) && !(y.Rank == 2 && y.Shape[0] == b && y.Shape[1] == 1))
            throw new ArgumentException($"Discriminator: the network must map x {ShapeFormat.Of(x)} to [{b}, 1] logits, got {ShapeFormat.Of(y)}");
        return y.Reshape(b);
    }

    /// <summary>
    /// The classifier-guidance reward ρ(x, t) = log p(expert | x_t) = log σ(d(x, t)) = −softplus(−d(x, t)): [batch].
    /// Its gradient (1 − σ(d))·∇ₓd is what steering adds to x (paper eq. 21–22 with y = "expert").
    /// </summary>
    public static Reward LogProbExpert(ITrajectoryModel model) =>
        (x, t) => BinaryCrossEntropy.LogSigmoid(Logits(model, x, t));
}
