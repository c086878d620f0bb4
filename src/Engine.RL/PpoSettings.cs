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
    public int Minibatches { get; init; } = 32;
    public int Epochs { get; init; } = 10;
    public double LearningRate { get; init; } = 3e-4;
    public bool AnnealLearningRate { get; init; } = true;
    public double Gamma { get; init; } = 0.99;
    public double Lambda { get; init; } = 0.95;
    public double ClipCoefficient { get; init; } = 0.2;
    public bool ClipValueLoss { get; init; } = true;
    public double EntropyCoefficient { get; init; } = 0.0;
    public double ValueCoefficient { get; init; } = 0.5;
    public double MaxGradNorm { get; init; } = 0.5;
    public bool NormalizeAdvantages { get; init; } = true;
    /// <summary>One running normaliser shared by all environments (CleanRL wraps each environment with its own).</summary>
    public bool NormalizeObservations { get; init; } = true;
    public bool NormalizeRewards { get; init; } = true;
    public double ObservationClip { get; init; } = 10;
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

    public int BatchSize => Environments * StepsPerRollout;
    public int MinibatchSize => BatchSize / Minibatches;
    public int Iterations => (int)Math.Max(1, TotalSteps / BatchSize);

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

    public string ToJson() => JsonSerializer.Serialize(this);
}
