using Engine.Envs.MuJoCo.Data;
using Engine.Envs.MuJoCo.Locomotion;
using Engine.RL;

namespace Engine.Experiments.Locomotion;

/// <summary>Which learner produces a robot's policies.</summary>
public enum LearnerKind { Ars, Ppo }

/// <summary>
/// How one robot's three datasets (expert, medium, base) are made: the learner and its budget, and the sizes.
/// <para>Expert: the best evaluated policy, ≥ <see cref="MinExpertEpisodes"/> episodes and ≥ <see cref="MinTransitions"/>
/// transitions. Medium: the evaluated policy closest to <see cref="MediumScore"/> among those at least
/// <see cref="MediumMargin"/> below the expert's selection score (a learner that plateaus near 50 must not give the
/// same policy twice), run without noise. Base
/// ("medium-replay"-like): the learner's policies from the start up to the medium one, replayed in passes with the
/// learner's exploration until ≥ <see cref="MinTransitions"/> transitions.</para>
/// </summary>
public sealed record LocomotionDatasetPlan(
    LocomotionKind Kind,
    LearnerKind Learner,
    double ExpertTarget,
    int ArsMaxIterations,
    PpoSettings Ppo,
    int PpoEvaluateEvery = 10,
    int EvaluationEpisodes = 5,
    int SelectionCandidates = 5,
    int SelectionEpisodes = 20,
    double MediumScore = 50,
    double MediumMargin = 10,
    int MinTransitions = 100_000,
    int MinExpertEpisodes = 100,
    double ArsExplorationNoise = 0.1)
{
    /// <summary>
    /// The defaults: Hopper learns by ARS (an expert in a few minutes); HalfCheetah and Walker2d by PPO (a linear
    /// ARS HalfCheetah plateaus near a D4RL "medium" score, and ARS needs tens of millions of steps on Walker2d;
    /// PPO reached 58 and 118 in 3 M steps; a 6 M-step HalfCheetah run ended lower, at 46, docs/locomotion.md).
    /// </summary>
    public static LocomotionDatasetPlan Default(LocomotionKind kind) => kind switch
    {
        LocomotionKind.Hopper => new(kind, LearnerKind.Ars, ExpertTarget: 95, ArsMaxIterations: 400, Ppo: new PpoSettings()),
        LocomotionKind.HalfCheetah => new(kind, LearnerKind.Ppo, ExpertTarget: double.PositiveInfinity, ArsMaxIterations: 0,
            Ppo: new PpoSettings { TotalSteps = 3_000_000 }),
        LocomotionKind.Walker2d => new(kind, LearnerKind.Ppo, ExpertTarget: double.PositiveInfinity, ArsMaxIterations: 0,
            Ppo: new PpoSettings { TotalSteps = 3_000_000 }),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown locomotion robot"),
    };

    public LocomotionTask Task => LocomotionTask.For(Kind);

    public void Validate()
    {
        static void Check(bool ok, string what) { if (!ok) throw new ArgumentException($"locomotion datasets: {what}"); }
        Check(MinTransitions >= 1 && MinExpertEpisodes >= 1, "sizes must be positive");
        Check(EvaluationEpisodes >= 1 && SelectionEpisodes >= 1 && SelectionCandidates >= 1 && PpoEvaluateEvery >= 1, "evaluation counts must be positive");
        Check(ArsExplorationNoise >= 0, "exploration noise must be ≥ 0");
        Check(MediumMargin >= 0, "the medium margin must be ≥ 0");
        if (Learner == LearnerKind.Ars) Check(ArsMaxIterations >= 1, "ARS needs at least one iteration");
        else Ppo.Validate();
    }
}
