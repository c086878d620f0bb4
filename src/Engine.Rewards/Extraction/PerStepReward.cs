using Engine.NN;

namespace Engine.Rewards.Extraction;

/// <summary>
/// The reward of every time step of a trajectory from a window network g(s, a, t) over h steps: step τ gets
/// the score of the contiguous window starting at τ, the end padded by repeating the last step (the authors'
/// per-point colouring, docs/reference-facts.md §5c). Differentiable like any other composite.
/// </summary>
public static class PerStepReward
{
    /// <summary>Scores every step τ of <paramref name="x"/> with the window x[τ … τ + h − 1] (the end padded with the last step).</summary>
    /// <param name="window">x: [n, h, C], t: [n] → [n, 1] or [n].</param>
    /// <param name="h">The window network's horizon, in steps (≥ 1).</param>
    /// <param name="x">Trajectories [batch, H, C].</param>
    /// <param name="t">Diffusion steps, int32 [batch].</param>
    /// <returns>[batch, H]: the reward of each step.</returns>
    /// <exception cref="ArgumentException"><paramref name="x"/> is not rank 3, <paramref name="h"/> is not positive, or <paramref name="t"/> is not [batch].</exception>
    public static Tensor Sliding(ITrajectoryModel window, int h, Tensor x, Tensor t)
    {
        if (x.Rank != 3) throw new ArgumentException($"PerStepReward.Sliding: x must be [batch, H, C], got [{string.Join(", ", x.Shape)}]");
        if (h <= 0) throw new ArgumentException($"PerStepReward.Sliding: window length {h} must be positive");
        if (t.Rank != 1 || t.Shape[0] != x.Shape[0]) throw new ArgumentException($"PerStepReward.Sliding: t must be [{x.Shape[0]}], got [{string.Join(", ", t.Shape)}]");
        int b = x.Shape[0], horizon = x.Shape[1], c = x.Shape[2];
        var padded = h > 1 ? x.PadReplicate([0, 0, 0, h - 1]) : x;        // [b, H + h − 1, C]
        var flat = padded.Windows(1, h).Reshape(b * horizon, h, c);               // [b, H, h, C] → [b·H, h, C]
        var tw = t.Unsqueeze(1).Expand(b, horizon).Reshape(b * horizon);
        return window.Forward(flat, tw).Reshape(b, horizon);
    }
}
