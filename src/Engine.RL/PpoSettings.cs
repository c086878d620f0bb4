using System.Text.Json;

namespace Engine.RL;

/// <summary>
/// PPO's hyperparameters. The defaults are CleanRL's <c>ppo_continuous_action</c> (batch 2048 = 1 environment ×
/// 2048 steps there, 8 × 256 here; 32 minibatches, 10 epochs, Adam 3e-4 annealed linearly to 0, γ 0.99,
/// GAE λ 0.95, clip 0.2 for the ratio and the value, no entropy bonus, value coefficient 0.5, global gradient
/// norm 0.5, advantages normalised per minibatch, observations and rewards normalised and clipped at ±10,
/// 64-64 tanh networks). Where this implementation deviates from CleanRL it says so on the member.
/// </summary>
public sealed record PpoSettings
{
    /// <summary>Environments stepped together (spread over the workers).</summary>
    public int Environments { get; init; } = 8;
    /// <summary>Steps per environment in one rollout; the batch is Environments × StepsPerRollout.</summary>
    public int StepsPerRollout { get; init; } = 256;
    /// <summary>Minibatches per epoch; must divide <see cref="BatchSize"/>.</summary>
    public int Minibatches { get; init; } = 32;
    /// <summary>Passes over the rollout batch per iteration.</summary>
    public int Epochs { get; init; } = 10;
    /// <summary>Adam's initial learning rate (Adam's ε is 1e-5, as in CleanRL).</summary>
    public double LearningRate { get; init; } = 3e-4;
    /// <summary>Decrease the learning rate linearly from <see cref="LearningRate"/> towards 0 over <see cref="Iterations"/>.</summary>
    public bool AnnealLearningRate { get; init; } = true;
    /// <summary>Discount factor γ ∈ (0, 1], used by GAE and by the reward normaliser's running return.</summary>
    public double Gamma { get; init; } = 0.99;
    /// <summary>GAE's λ ∈ [0, 1]: 0 gives one-step TD advantages, 1 Monte-Carlo returns minus the value.</summary>
    public double Lambda { get; init; } = 0.95;
    /// <summary>ε of the clipped surrogate: the probability ratio is clipped to [1 − ε, 1 + ε]; also the value clip when <see cref="ClipValueLoss"/>.</summary>
    public double ClipCoefficient { get; init; } = 0.2;
    /// <summary>Use the clipped value loss max((V − R)², (V₀ + clip(V − V₀, ±ε) − R)²) instead of (V − R)².</summary>
    public bool ClipValueLoss { get; init; } = true;
    /// <summary>Weight of the entropy bonus subtracted from the loss (≥ 0; 0 turns it off).</summary>
    public double EntropyCoefficient { get; init; } = 0.0;
    /// <summary>Weight of the value loss in the total loss (&gt; 0).</summary>
    public double ValueCoefficient { get; init; } = 0.5;
    /// <summary>Bound on the global L2 norm of all gradients before each Adam step.</summary>
    public double MaxGradNorm { get; init; } = 0.5;
    /// <summary>Standardise advantages per minibatch: (Â − mean)/(std + 1e-8), with the unbiased std.</summary>
    public bool NormalizeAdvantages { get; init; } = true;
    /// <summary>One running normaliser shared by all environments (CleanRL wraps each environment with its own).</summary>
    public bool NormalizeObservations { get; init; } = true;
    /// <summary>Divide rewards by the running standard deviation of the discounted return (Gym's NormalizeReward), then clip to ±<see cref="RewardClip"/>.</summary>
    public bool NormalizeRewards { get; init; } = true;
    /// <summary>Normalised observations are clipped to ±this value (&gt; 0).</summary>
    public double ObservationClip { get; init; } = 10;
    /// <summary>Normalised rewards are clipped to ±this value (&gt; 0).</summary>
    public double RewardClip { get; init; } = 10;
    /// <summary>
    /// Deviation from CleanRL, which treats a time-limit truncation like a terminal state: a truncated step's
    /// reward gets γ·V(final observation) added, so the critic is not taught that the world ends at step 1000.
    /// </summary>
    public bool BootstrapTruncation { get; init; } = true;
    /// <summary>Environment steps of the whole run (sets the learning-rate schedule and the iteration count).</summary>
    public long TotalSteps { get; init; } = 1_000_000;
    /// <summary>Hidden widths of both MLPs, as a comma list ("64,64"), so that settings compare by value.</summary>
    public string Hidden { get; init; } = "64,64";

    /// <summary>Samples per rollout: <see cref="Environments"/> × <see cref="StepsPerRollout"/>.</summary>
    public int BatchSize => Environments * StepsPerRollout;
    /// <summary>Samples per minibatch: <see cref="BatchSize"/> / <see cref="Minibatches"/>.</summary>
    public int MinibatchSize => BatchSize / Minibatches;
    /// <summary>Iterations of the run: ⌊<see cref="TotalSteps"/> / <see cref="BatchSize"/>⌋, at least 1.</summary>
    public int Iterations => (int)Math.Max(1, TotalSteps / BatchSize);

    /// <summary>Parses <see cref="Hidden"/> into widths, e.g. "64,64" → <c>[64, 64]</c>.</summary>
    /// <exception cref="ArgumentException"><see cref="Hidden"/> is not a comma list of integers.</exception>
    public int[] HiddenSizes()
    {
        try { return Hidden.Split(',', StringSplitOptions.TrimEntries).Select(int.Parse).ToArray(); }
        catch (FormatException) { throw new ArgumentException($"PpoSettings.Hidden: '{Hidden}' is not a comma list of widths"); }
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public PpoSettings Validate()
    {
        static void Check(bool ok, string what) { if (!ok) throw new ArgumentException($"PpoSettings: {what}"); }
        Check(Environments > 0 && StepsPerRollout > 0, $"environments ({Environments}) and steps per rollout ({StepsPerRollout}) must be positive");
        Check(Minibatches > 0 && BatchSize % Minibatches == 0, $"the batch {BatchSize} must split into {Minibatches} equal minibatches");
        Check(Epochs > 0, $"epochs must be positive, got {Epochs}");
        Check(LearningRate > 0 && double.IsFinite(LearningRate), $"learning rate must be positive, got {LearningRate}");
        Check(Gamma is > 0 and <= 1 && Lambda is >= 0 and <= 1, $"γ must be in (0, 1] and λ in [0, 1], got {Gamma}, {Lambda}");
        Check(ClipCoefficient > 0 && MaxGradNorm > 0, "the clip coefficient and the gradient norm bound must be positive");
        Check(EntropyCoefficient >= 0 && ValueCoefficient > 0, "the entropy coefficient must be ≥ 0 and the value coefficient > 0");
        Check(ObservationClip > 0 && RewardClip > 0, "observation and reward clips must be positive");
        Check(TotalSteps >= BatchSize, $"total steps {TotalSteps} must cover at least one batch of {BatchSize}");
        Check(HiddenSizes().Length > 0 && HiddenSizes().All(h => h > 0), $"hidden widths must be positive, got '{Hidden}'");
        return this;
    }

    /// <summary>The settings as JSON; checkpoints store it, and a resumed run must match it exactly.</summary>
    public string ToJson() => JsonSerializer.Serialize(this);
}
