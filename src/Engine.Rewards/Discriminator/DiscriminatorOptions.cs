namespace Engine.Rewards.Discriminator;

/// <summary>
/// Settings of <see cref="DiscriminatorTrainer"/>. Defaults follow the relative-reward trainer of the paper's
/// code (Adam with PyTorch defaults, EMA 0.995 every 10 steps, copy before step 2000; docs/reference-facts.md §3) with
/// the locomotion batch 128 and learning rate 2e-4.
/// </summary>
/// <param name="BatchSize">Samples per step, half expert and half base: a positive even number.</param>
/// <param name="LearningRate">Adam's learning rate.</param>
/// <param name="EmaDecay">β of the EMA copy.</param>
/// <param name="StepStartEma">Before this step the EMA copy is overwritten by the weights.</param>
/// <param name="UpdateEmaEvery">The EMA rule runs every this many steps.</param>
/// <param name="ClipValue">Clamp every gradient element to ±ClipValue before the step (null: no clipping).</param>
/// <param name="ClipNorm">Scale gradients to a global L2 norm ≤ ClipNorm before the step (null: no clipping).</param>
/// <param name="ConditionNoisy">Overwrite the conditioned observations of x_t with their clean values (Diffuser's
/// value-function training does; the relative-reward trainer does not; default false).</param>
/// <param name="DType">dtype of the batches (the network's parameters must match).</param>
public sealed record DiscriminatorOptions(
    int BatchSize = 128,
    double LearningRate = 2e-4,
    double EmaDecay = 0.995,
    int StepStartEma = 2000,
    int UpdateEmaEvery = 10,
    double? ClipValue = null,
    double? ClipNorm = null,
    bool ConditionNoisy = false,
    DType DType = DType.Float32);
