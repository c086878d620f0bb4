namespace Engine.RL;

/// <summary>One finished training episode: its true (unnormalised) return and length.</summary>
public readonly record struct EpisodeRecord(double Return, int Length, bool Terminated);

/// <summary>What one PPO iteration (a rollout and its update epochs) did.</summary>
/// <param name="Episodes">Episodes that ended during this rollout.</param>
/// <param name="ApproxKl">Mean of (r − 1) − log r over the last epoch's minibatches (Schulman's estimator).</param>
/// <param name="ClipFraction">Fraction of samples whose ratio left [1 − ε, 1 + ε], over all epochs.</param>
/// <param name="ExplainedVariance">1 − Var(returns − values)/Var(returns) of the rollout's value predictions.</param>
public sealed record PpoIteration(int Iteration, long EnvironmentSteps, double LearningRate, IReadOnlyList<EpisodeRecord> Episodes,
    double PolicyLoss, double ValueLoss, double Entropy, double ApproxKl, double ClipFraction, double ExplainedVariance);
