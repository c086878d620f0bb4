namespace Engine.Rewards.Extraction;

/// <summary>
/// Settings of the relative-reward trainer. Defaults are the paper's maze values (Table 5, reference-spec §2.5):
/// batch 256, Adam lr 5e-5 without weight decay, EMA decay 0.995 every 10 steps, copied before step 2000.
/// </summary>
public sealed record RelativeRewardOptions
{
    public int BatchSize { get; init; } = 256;
    public double LearningRate { get; init; } = 5e-5;
    public double WeightDecay { get; init; }
    public AlignmentPoint Point { get; init; } = AlignmentPoint.BaseMean;
    public AlignmentTarget Target { get; init; } = AlignmentTarget.MeanDifference;
    public double EmaDecay { get; init; } = 0.995;
    public int StepStartEma { get; init; } = 2000;
    public int UpdateEmaEvery { get; init; } = 10;

    /// <summary>Gradient clipping by value (the locomotion hopper run uses 0.2); null: none.</summary>
    public double? ClipValue { get; init; }

    /// <summary>Gradient clipping by global norm; null: none.</summary>
    public double? ClipNorm { get; init; }

    public void Validate()
    {
        if (BatchSize <= 0) throw new ArgumentException($"relative reward: batch size must be positive, got {BatchSize}");
        if (LearningRate <= 0) throw new ArgumentException($"relative reward: learning rate must be positive, got {LearningRate}");
        if (EmaDecay is < 0 or > 1) throw new ArgumentException($"relative reward: EMA decay must be in [0, 1], got {EmaDecay}");
        if (UpdateEmaEvery <= 0) throw new ArgumentException($"relative reward: EMA update interval must be positive, got {UpdateEmaEvery}");
    }
}
