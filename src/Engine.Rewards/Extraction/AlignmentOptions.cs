namespace Engine.Rewards.Extraction;

/// <summary>Where the reward's input gradient is taken.</summary>
public enum AlignmentPoint
{
    /// <summary>At the base model's posterior mean μ_B(x_t, t), as the authors' code does (docs/reference-facts.md §2).</summary>
    BaseMean,

    /// <summary>At the noisy input x_t itself, as the paper's equation (45) and Algorithm 2 write it.</summary>
    NoisyInput,
}

/// <summary>What the gradient is matched to.</summary>
public enum AlignmentTarget
{
    /// <summary>μ_E − μ_B, the difference of the posterior means (every configuration of the authors).</summary>
    MeanDifference,

    /// <summary>
    /// s_B − s_E with the unscaled scores the code's <c>p_score</c> derives from the means,
    /// s = (√(1−ᾱ_t)/β_t)(x_t − √α_t μ), i.e. (√(1−ᾱ_t)·√α_t/β_t)·(μ_E − μ_B): the same direction,
    /// re-weighted per step (small steps weigh more).
    /// </summary>
    ScoreDifference,
}
