using Engine.Backends;
using Engine.Diffusion;
using Engine.NN;

namespace Engine.Rewards.Steering;

/// <summary>
/// Steering a base diffusion model with a learned reward by classifier guidance (paper §3, eq. 20–22; the
/// code's <c>n_step_guided_p_sample</c>, docs/reference-facts.md §6.1 and §7). Before every denoising step i = T−1…0:
/// <code>
/// repeat n_guide_steps:  g = ∂Σ_b ρ(x, i)_b / ∂x  (×σ̃²_i if scale_grad_by_std; 0 if i &lt; t_stopgrad)
///                        x ← condition(x + ω·g)
/// x ← condition(p_sample(x, i))
/// </code>
/// The reward is evaluated on the raw noisy sample x: [batch, horizon, transition] with the integer step i
/// (int32 [batch]), as the paper's code does — not on x̂₀ or the posterior mean.
/// <para>When guidance cannot act (|ω| &lt; 1e-10 — the code's rule of zero guide steps —, no guide steps, or
/// t_stopgrad ≥ T) no gradient is taken; the samples are the unguided ones bit for bit either way, since
/// guidance draws no random numbers and x + 0·g = x.</para>
/// </summary>
public sealed class GuidedSampler
{
    /// <summary>Steers with a reward network (any <see cref="ITrajectoryModel"/> giving [batch, 1] or [batch]).</summary>
    public GuidedSampler(GaussianDiffusion diffusion, ITrajectoryModel reward, GuideOptions options)
        : this(diffusion, AsReward(reward ?? throw new ArgumentNullException(nameof(reward))), options) { }

    /// <summary>Steers with a differentiable reward ρ(x, t) → [batch] (e.g. a discriminator's log p(expert | x_t)).</summary>
    public GuidedSampler(GaussianDiffusion diffusion, Reward reward, GuideOptions options)
    {
        ArgumentNullException.ThrowIfNull(diffusion);
        ArgumentNullException.ThrowIfNull(reward);
        ArgumentNullException.ThrowIfNull(options);
        if (!double.IsFinite(options.Scale)) throw new ArgumentException($"GuidedSampler: the guidance scale ω must be finite, got {options.Scale}", nameof(options));
        if (options.NGuideSteps < 0) throw new ArgumentException($"GuidedSampler: NGuideSteps must be ≥ 0, got {options.NGuideSteps}", nameof(options));
        if (options.TStopgrad < 0) throw new ArgumentException($"GuidedSampler: TStopgrad must be ≥ 0, got {options.TStopgrad}", nameof(options));
        Diffusion = diffusion; Reward = reward; Options = options;
    }

    /// <summary>The base diffusion model that is sampled and steered.</summary>
    public GaussianDiffusion Diffusion { get; }

    /// <summary>ρ(x, t): x [batch, horizon, transition], t int32 [batch] → [batch].</summary>
    public Reward Reward { get; }

    /// <summary>Guidance scale ω, guide steps per denoising step, t_stopgrad and gradient scaling.</summary>
    public GuideOptions Options { get; }

    /// <summary>Whether guidance acts at all: ω ≠ 0 (beyond 1e-10), at least one guide step, and t_stopgrad &lt; T.</summary>
    public bool IsActive => Math.Abs(Options.Scale) >= 1e-10 && Options.NGuideSteps > 0 && Options.TStopgrad < Diffusion.Steps;

    /// <summary>
    /// A network as a guidance reward: x [batch, horizon, transition], t [batch] → [batch]. The network must give
    /// one value per sample ([batch, 1] or [batch]).
    /// </summary>
    public static Reward AsReward(ITrajectoryModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return (x, t) =>
        {
            var y = model.Forward(x, t);
            int b = x.Shape[0];
            if (!(y.Rank == 1 && y.Shape[0] == b) && !(y.Rank == 2 && y.Shape[0] == b && y.Shape[1] == 1))
                throw new ArgumentException($"GuidedSampler: the reward network must map x {ShapeFormat.Of(x)} to [{b}, 1], got {ShapeFormat.Of(y)}");
            return y.Reshape(b);
        };
    }

    /// <summary>
    /// Guided ancestral sampling from x_T ~ N(0, I) (drawn from <paramref name="g"/>, as are the denoising noises):
    /// returns x₀: [batch, horizon, transition]. <paramref name="progress"/>(i, x) after each step i = T−1…0.
    /// </summary>
    public Tensor Sample(int batch, Conditioning cond, Generator g, Action<int, Tensor>? progress = null, DType dtype = DType.Float32, IBackend? backend = null)
    {
        if (batch <= 0) throw new ArgumentException($"GuidedSampler.Sample: batch must be positive, got {batch}", nameof(batch));
        ArgumentNullException.ThrowIfNull(cond);
        ArgumentNullException.ThrowIfNull(g);
        return IsActive
            ? Diffusion.PSampleLoop(batch, cond, g, progress, Reward, Options, dtype, backend)
            : Diffusion.PSampleLoop(batch, cond, g, progress, dtype: dtype, backend: backend);
    }
}
