namespace Engine.Rewards.Extraction;

/// <summary>
/// Settings of the relative-reward trainer. Defaults are the paper's maze values (Table 5; docs/reference-facts.md §3):
/// batch 256, Adam lr 5e-5 without weight decay, EMA decay 0.995 every 10 steps, copied before step 2000.
/// </summary>
public sealed record RelativeRewardOptions
{
    /// <summary>Alignment tuples per step (&gt; 0).</summary>
    public int BatchSize { get; init; } = 256;
    /// <summary>Adam's learning rate (&gt; 0).</summary>
    public double LearningRate { get; init; } = 5e-5;
    /// <summary>Adam's L2 weight decay (0: none).</summary>
    public double WeightDecay { get; init; }
    /// <summary>Where the reward's input gradient is taken: at μ_B(x_t, t) (the authors' code) or at x_t.</summary>
    public AlignmentPoint Point { get; init; } = AlignmentPoint.BaseMean;
    /// <summary>What the gradient is matched to: μ_E − μ_B, or the score difference (needs the schedule).</summary>
    public AlignmentTarget Target { get; init; } = AlignmentTarget.MeanDifference;
    /// <summary>β of the EMA copy, in [0, 1].</summary>
    public double EmaDecay { get; init; } = 0.995;
    /// <summary>Before this step the EMA copy is overwritten by the weights.</summary>
    public int StepStartEma { get; init; } = 2000;
    /// <summary>The EMA rule runs every this many steps (&gt; 0).</summary>
    public int UpdateEmaEvery { get; init; } = 10;

    /// <summary>Gradient clipping by value (the locomotion hopper run uses 0.2); null: none.</summary>
    public double? ClipValue { get; init; }

    /// <summary>Gradient clipping by global norm; null: none.</summary>
    public double? ClipNorm { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (BatchSize <= 0) throw new ArgumentException($"relative reward: batch size must be positive, got {BatchSize}");
        if (LearningRate <= 0) throw new ArgumentException($"relative reward: learning rate must be positive, got {LearningRate}");
        if (EmaDecay is < 0 or > 1) throw new ArgumentException($"relative reward: EMA decay must be in [0, 1], got {EmaDecay}");
        if (UpdateEmaEvery <= 0) throw new ArgumentException($"relative reward: EMA update interval must be positive, got {UpdateEmaEvery}");
    }
}
