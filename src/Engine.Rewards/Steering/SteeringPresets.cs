using Engine.Diffusion;

namespace Engine.Rewards.Steering;

/// <summary>Whose steering parameters (docs/reference-facts.md §6.2, §6.4; the paper's Tables 6/7).</summary>
public enum SteeringSource
{
    /// <summary>The authors' final rollout commands (<c>main_results.json</c>) for the learned reward.</summary>
    RewardCode,
    /// <summary>The paper's Tables 6/7, column "Reward (Ours)" — the settings behind Table 1.</summary>
    RewardPaper,
    /// <summary>The paper's Tables 6/7, column "Reward (Ours, Ablation)" (generalisation to new base models).</summary>
    RewardPaperAblation,
    /// <summary>The paper's Tables 6/7, column "Discriminator" (the Table 1 baseline).</summary>
    DiscriminatorPaper,
}

/// <summary>
/// Guidance settings used for the locomotion experiments. All use one guide step per denoising step and no
/// variance scaling (<c>n_guide_steps = 1</c>, <c>scale_grad_by_std = False</c>), as the authors' rollout script.
/// </summary>
public static class SteeringPresets
{
    private static readonly Dictionary<(string, SteeringSource), (double Scale, int TStopgrad)> Table = new()
    {
        [("halfcheetah", SteeringSource.RewardCode)] = (0.5, 5),
        [("hopper", SteeringSource.RewardCode)] = (0.2, 10),
        [("walker2d", SteeringSource.RewardCode)] = (0.5, 5),
        [("halfcheetah", SteeringSource.RewardPaper)] = (0.2, 1),
        [("hopper", SteeringSource.RewardPaper)] = (0.4, 1),
        [("walker2d", SteeringSource.RewardPaper)] = (0.3, 2),
        [("halfcheetah", SteeringSource.RewardPaperAblation)] = (0.1, 0),
        [("hopper", SteeringSource.RewardPaperAblation)] = (0.1, 2),
        [("walker2d", SteeringSource.RewardPaperAblation)] = (0.3, 5),
        [("halfcheetah", SteeringSource.DiscriminatorPaper)] = (0.5, 8),
        [("hopper", SteeringSource.DiscriminatorPaper)] = (0.4, 10),
        [("walker2d", SteeringSource.DiscriminatorPaper)] = (0.2, 1),
    };

    /// <summary>
    /// ω and t_stopgrad for <paramref name="environment"/> ("halfcheetah", "hopper", "walker2d", or a D4RL name
    /// such as "hopper-medium-replay-v2"; case-insensitive).
    /// </summary>
    public static GuideOptions Locomotion(string environment, SteeringSource source)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var env = environment.Split('-')[0].ToLowerInvariant();
        if (!Table.TryGetValue((env, source), out var p))
            throw new ArgumentException($"SteeringPresets.Locomotion: no settings for environment '{environment}' (halfcheetah, hopper, walker2d)", nameof(environment));
        return new GuideOptions(p.Scale, TStopgrad: p.TStopgrad, NGuideSteps: 1, ScaleGradByStd: false);
    }

    /// <summary>
    /// The value guidance of the original Diffuser (<c>config/locomotion.py</c>): ω = 0.1, t_stopgrad = 2,
    /// two guide steps, gradient scaled by the posterior variance.
    /// </summary>
    public static GuideOptions DiffuserValueGuidance { get; } = new(0.1, TStopgrad: 2, NGuideSteps: 2, ScaleGradByStd: true);
}
