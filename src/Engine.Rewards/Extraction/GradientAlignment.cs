using Engine.Autodiff;
using Engine.Diffusion;
using Engine.NN;

namespace Engine.Rewards.Extraction;

/// <summary>
/// The relative-reward loss (paper eq. 11/45; the authors' code: docs/reference-facts.md §2):
/// L(θ) = mean over (batch, H, C) of (∇_z ρ_θ(z, t) − d)², z = μ_B(x_t, t) or x_t, d = μ_E − μ_B
/// (or the score difference). ∇_z ρ is built with createGraph so L is differentiable in θ: back-propagating
/// L is the mixed second derivative d/dθ ∇_z ρ.
/// </summary>
public static class GradientAlignment
{
    /// <summary>Per-sample factor of the score-difference target: √(1−ᾱ_t)·√α_t / β_t.</summary>
    public static double ScoreScale(DiffusionSchedule schedule, int t) =>
        Math.Sqrt(1 - schedule.AlphasCumprod[t]) * Math.Sqrt(1 - schedule.Betas[t]) / schedule.Betas[t];

    /// <summary>The target d: [batch, horizon, transition] (no gradient).</summary>
    public static Tensor Target(AlignmentBatch batch, AlignmentTarget target, DiffusionSchedule? schedule)
    {
        var d = batch.MeanExpert - batch.MeanBase;
        if (target == AlignmentTarget.MeanDifference) return d;
        if (schedule == null) throw new ArgumentException("GradientAlignment: the score-difference target needs the diffusion schedule");
        var k = batch.T.Select(t => ScoreScale(schedule, t)).ToArray();
        Array host = d.DType == DType.Float64 ? k : k.Select(v => (float)v).ToArray();
        return d * Tensor.FromHost(host, [k.Length, 1, 1], d.Backend);
    }

    /// <summary>
    /// The point z where ρ is differentiated, as a fresh leaf that requires grad, and ∇_z Σ ρ(z, t) with its
    /// graph kept (so it is differentiable in the reward's parameters). Returns (z, ρ(z, t) [batch], ∇_z).
    /// </summary>
    public static (Tensor Z, Tensor Reward, Tensor Gradient) RewardGradient(ITrajectoryModel reward, Tensor z, int[] t)
    {
        using var _ = Autograd.EnableGrad();
        var leaf = z.Detach().RequiresGrad();
        var r = reward.Forward(leaf, GaussianDiffusion.StepTensor(t, leaf));
        if (r.Numel != z.Shape[0])
            throw new ArgumentException($"GradientAlignment: the reward must give one value per sample ([{z.Shape[0]}] or [{z.Shape[0]}, 1]), got [{string.Join(", ", r.Shape)}]");
        var grad = Autograd.Grad(r.Sum(), [leaf], createGraph: true)[0];
        return (leaf, r.Reshape(z.Shape[0]), grad);
    }

    /// <summary>The scalar loss, differentiable in the reward's parameters.</summary>
    public static Tensor Loss(ITrajectoryModel reward, AlignmentBatch batch, AlignmentPoint point = AlignmentPoint.BaseMean,
        AlignmentTarget target = AlignmentTarget.MeanDifference, DiffusionSchedule? schedule = null)
    {
        batch.Validated();
        Tensor d;
        using (Autograd.NoGrad()) d = Target(batch, target, schedule);
        return Loss(reward, point == AlignmentPoint.BaseMean ? batch.MeanBase : batch.X, batch.T, d);
    }

    /// <summary>
    /// mean((∇_z Σ ρ(z, t) − d)²) for z, d: [batch, horizon, transition], differentiable in the reward's parameters
    /// only: z is data, so a Backward() of the loss does not spend a GEMM and the reverse window copies on ∂L/∂z.
    /// </summary>
    public static Tensor Loss(ITrajectoryModel reward, Tensor z, int[] t, Tensor d)
    {
        var (leaf, _, grad) = RewardGradient(reward, z, t);
        leaf.RequiresGrad(false);
        return (grad - d).Square().Mean();
    }
}
