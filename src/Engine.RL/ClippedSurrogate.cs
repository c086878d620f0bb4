namespace Engine.RL;

/// <summary>PPO's clipped surrogate objective (Schulman et al., 2017, eq. 7), as a loss to minimise.</summary>
public static class ClippedSurrogate
{
    /// <summary>
    /// mean_b max(−Â_b·r_b, −Â_b·clip(r_b, 1 − ε, 1 + ε)) with r = exp(log π_new − log π_old). Where the clipped
    /// term is the larger, the sample's gradient is zero: the policy gains nothing from moving its ratio further.
    /// Shapes: <c>logRatio, advantages: [B]</c> → scalar.
    /// </summary>
    public static Tensor Loss(Tensor logRatio, Tensor advantages, double epsilon)
    {
        var ratio = logRatio.Exp();
        return Tensor.Maximum(-advantages * ratio, -advantages * ratio.Clamp(1 - epsilon, 1 + epsilon)).Mean();
    }
}
