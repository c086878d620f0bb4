using Engine.Envs.MuJoCo.Locomotion;
using Engine.Experiments.Locomotion;

namespace Engine.Experiments.Tests;

/// <summary>
/// Hopper datasets small enough for a test (a few ARS iterations, a few hundred transitions): the data every tiny
/// locomotion run of the test suite starts from. Linked into Engine.Cli.Tests too.
/// </summary>
internal static class TinyLocomotionData
{
    public static readonly LocomotionDatasetPlan Plan = LocomotionDatasetPlan.Default(LocomotionKind.Hopper) with
    {
        ArsMaxIterations = 8,
        EvaluationEpisodes = 1,
        SelectionCandidates = 1,
        SelectionEpisodes = 1,
        MinTransitions = 400,
        MinExpertEpisodes = 2,
        MediumScore = 5,
        MediumMargin = 0,
    };

    /// <summary>Makes the base and expert datasets in <paramref name="dir"/> (seed 0, two workers).</summary>
    public static void Make(string dir) => new LocomotionDatasetSuite(dir, 0, 2, SilentProgress.Instance).Run(Plan);
}
