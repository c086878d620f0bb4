namespace Engine.Diffusion;

/// <summary>
/// Diffuser's n_step_guided_p_sample settings: before each denoising step, <see cref="NGuideSteps"/> times
/// x ← x + ω·g (g = ∂Σρ/∂x, times σ̃²_t when <see cref="ScaleGradByStd"/>, zero where t &lt; t_stopgrad),
/// then re-condition.
/// </summary>
public sealed record GuideOptions(double Scale, int TStopgrad = 0, int NGuideSteps = 1, bool ScaleGradByStd = true);

/// <summary>A differentiable reward ρ(x, t): x: [batch, horizon, transition], t: int32 [batch] → [batch] or [batch, 1].</summary>
public delegate Tensor Reward(Tensor x, Tensor t);
