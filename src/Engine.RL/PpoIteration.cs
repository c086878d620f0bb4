namespace Engine.RL;

/// <summary>One finished training episode: its true (unnormalised) return and length.</summary>
/// <param name="Return">Sum of the environment's raw rewards over the episode (before reward normalisation).</param>
/// <param name="Length">Steps in the episode.</param>
/// <param name="Terminated">True when the episode reached a terminal state; false when it was truncated by a time limit.</param>
public readonly record struct EpisodeRecord(double Return, int Length, bool Terminated);

/// <summary>What one PPO iteration (a rollout and its update epochs) did.</summary>
/// <param name="Iteration">1-based number of this iteration (the trainer's iteration count after it).</param>
/// <param name="EnvironmentSteps">Environment steps taken since the start of the run, over all environments, after this rollout.</param>
/// <param name="LearningRate">Adam's learning rate during this iteration's update (after annealing).</param>
/// <param name="Episodes">Episodes that ended during this rollout.</param>
/// <param name="PolicyLoss">Clipped surrogate loss −min(r·Â, clip(r, 1 ± ε)·Â), mean over the last epoch's minibatches.</param>
/// <param name="ValueLoss">½·(clipped) squared error of the value against the GAE return, mean over the last epoch's minibatches (in normalised-reward units when rewards are normalised).</param>
/// <param name="Entropy">Entropy of the Gaussian policy in nats (state-independent), mean over the last epoch's minibatches.</param>
/// <param name="ApproxKl">Mean of (r − 1) − log r over the last epoch's minibatches (Schulman's estimator).</param>
/// <param name="ClipFraction">Fraction of samples whose ratio left [1 − ε, 1 + ε], over all epochs.</param>
/// <param name="ExplainedVariance">1 − Var(returns − values)/Var(returns) of the rollout's value predictions.</param>
public sealed record PpoIteration(int Iteration, long EnvironmentSteps, double LearningRate, IReadOnlyList<EpisodeRecord> Episodes,
    double PolicyLoss, double ValueLoss, double Entropy, double ApproxKl, double ClipFraction, double ExplainedVariance);
