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

    /// <summary>
    /// Throws an <see cref="Engine.IO.InputException"/> at the first bad setting, named by its member
    /// (<c>MinTransitions</c>), for a caller to re-place at the option that set it.
    /// </summary>
    public void Validate()
    {
        static void Check(bool ok, string member, object value, string why)
        {
            if (!ok) throw Engine.IO.InputException.InvalidValue(member, value, why);
        }
        Check(MinTransitions >= 1, nameof(MinTransitions), MinTransitions, "must be positive");
        Check(MinExpertEpisodes >= 1, nameof(MinExpertEpisodes), MinExpertEpisodes, "must be positive");
        Check(EvaluationEpisodes >= 1, nameof(EvaluationEpisodes), EvaluationEpisodes, "must be positive");
        Check(SelectionEpisodes >= 1, nameof(SelectionEpisodes), SelectionEpisodes, "must be positive");
        Check(SelectionCandidates >= 1, nameof(SelectionCandidates), SelectionCandidates, "must be positive");
        Check(PpoEvaluateEvery >= 1, nameof(PpoEvaluateEvery), PpoEvaluateEvery, "must be positive");
        Check(ArsExplorationNoise >= 0, nameof(ArsExplorationNoise), ArsExplorationNoise, "must be ≥ 0");
        Check(MediumMargin >= 0, nameof(MediumMargin), MediumMargin, "must be ≥ 0");
        if (Learner == LearnerKind.Ars) Check(ArsMaxIterations >= 1, nameof(ArsMaxIterations), ArsMaxIterations, "ARS needs at least one iteration");
        else Ppo.Validate();
    }
}
