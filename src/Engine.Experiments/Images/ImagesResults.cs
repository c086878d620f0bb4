using System.Text.Json;

namespace Engine.Experiments.Images;

/// <summary>How the reward separates real held-out scenes and the two models' samples (results.json's "evaluation").</summary>
public sealed record RewardEvaluation
{
    /// <summary>Held-out scenes on which θ was chosen, and on which AUC and balanced accuracy are measured.</summary>
    public int ValidationImages { get; init; }
    public int TestImages { get; init; }
    /// <summary>The diffusion step t at which clean scenes are judged (noised to t by the forward process): the one of best validation AUC.</summary>
    public int Step { get; init; }
    /// <summary>Validation AUC at each step t (what chose <see cref="Step"/>).</summary>
    public double[] ValidationAucByStep { get; init; } = [];
    /// <summary>Test AUC at each step t (for the record; not used to choose anything).</summary>
    public double[] TestAucByStep { get; init; } = [];
    /// <summary>ROC AUC of the reward at <see cref="Step"/> for "no attribute" on the test split (chance 0.5).</summary>
    public required Estimate Auc { get; init; }
    /// <summary>The threshold chosen on the validation split: "has the attribute" ⇔ reward &lt; θ.</summary>
    public double Threshold { get; init; }
    /// <summary>Balanced accuracy of the threshold on the test split (chance 0.5).</summary>
    public required Estimate BalancedAccuracy { get; init; }
    public double Chance { get; init; } = 0.5;
    /// <summary>Mean reward of test scenes with and without the attribute.</summary>
    public double MeanRewardWithAttribute { get; init; }
    public double MeanRewardWithoutAttribute { get; init; }
    /// <summary>Mean reward (at <see cref="Step"/>) of the base model's and the safe model's samples (higher for the safe model if the reward is right).</summary>
    public double MeanRewardBaseSamples { get; init; }
    public double MeanRewardSafeSamples { get; init; }
    /// <summary>Share of each model's samples in which the detector finds the attribute (Wilson 95 % interval).</summary>
    public required Estimate AttributeRateBaseSamples { get; init; }
    public required Estimate AttributeRateSafeSamples { get; init; }
    /// <summary>Share of the training scenes with the attribute (what a perfect base model would reproduce).</summary>
    public double AttributeRateTrainingData { get; init; }
}

/// <summary>Steering the base model with the reward (results.json's "steering"): how often its samples show the attribute.</summary>
public sealed record SteeringEvaluation
{
    public int Samples { get; init; }
    public double GuideScale { get; init; }
    public int TStopgrad { get; init; }
    /// <summary>Share of unsteered and steered base samples (same noise) with the attribute (Wilson 95 % intervals).</summary>
    public required Estimate UnsteeredRate { get; init; }
    public required Estimate SteeredRate { get; init; }
    /// <summary>Mean reward (at t = 0) of the unsteered and the steered samples.</summary>
    public double UnsteeredMeanReward { get; init; }
    public double SteeredMeanReward { get; init; }
}

/// <summary>Everything an image run measured (results.json).</summary>
public sealed record ImagesResults
{
    public required ImagesConfig Config { get; init; }
    public required RewardEvaluation Evaluation { get; init; }
    public SteeringEvaluation? Steering { get; init; }
    /// <summary>Final mean training loss of each trained stage.</summary>
    public Dictionary<string, double> FinalLoss { get; init; } = [];

    public static readonly JsonSerializerOptions Json = new(ImagesConfig.Json) { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
}
