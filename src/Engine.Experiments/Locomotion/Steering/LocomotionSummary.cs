using System.Text.Json;

namespace Engine.Experiments.Locomotion.Steering;

/// <summary>One rollout condition in a few numbers: D4RL-normalised scores over its episodes.</summary>
/// <param name="Fell">Episodes that ended by the robot's termination rule (not by the step limit or the −50 stop).</param>
public sealed record ConditionSummary(string Name, int Episodes, double Mean, double StandardError, double Min, double Max, int Fell, double StepsPerSecond);

/// <summary>
/// What one robot's experiment measured, in the form the combined table reads back from each <c>report.json</c>
/// (<see cref="LocomotionTable"/>): every condition's summary and the two Welch tests of Table 1.
/// </summary>
public sealed record LocomotionSummary(string Env, string BaseData, ulong Seed, IReadOnlyList<ConditionSummary> Conditions,
    WelchTest.Result RewardVsUnsteered, WelchTest.Result RewardVsDiscriminator, IReadOnlyDictionary<string, double> StageSeconds)
{
    public ConditionSummary this[string condition] => Conditions.First(c => c.Name == condition);

    public static LocomotionSummary Of(LocomotionResults r) => new(r.Config.Task.Name, r.Config.BaseData, r.Config.Seed,
        r.Conditions.Select(kv =>
        {
            var scores = kv.Value.Select(e => e.Score).ToArray();
            var (m, se) = WelchTest.MeanSe(scores);
            return new ConditionSummary(kv.Key, scores.Length, m, se, scores.Min(), scores.Max(), kv.Value.Count(e => e.Terminated),
                r.StepsPerSecond.TryGetValue(kv.Key, out var sps) ? sps : double.NaN);
        }).ToList(),
        WelchTest.Compare(r.Scores(Condition.BaseReward), r.Scores(Condition.BaseUnsteered)),
        WelchTest.Compare(r.Scores(Condition.BaseReward), r.Scores(Condition.BaseDiscriminator)),
        r.StageSeconds);

    /// <summary>The summary inside a robot's <c>report.json</c>; an <see cref="Engine.IO.InputException"/> naming the file (and the member) when it has none.</summary>
    public static LocomotionSummary Read(string reportJson) => Engine.IO.DamagedFile.Guard("not a locomotion report", reportJson, () =>
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(reportJson));
        if (!doc.RootElement.TryGetProperty("summary", out var s) || s.ValueKind != JsonValueKind.Object)
            throw new Engine.IO.InputException("not a locomotion report", Engine.IO.InputException.Location(reportJson, "$.summary"),
                "no locomotion summary (written by another experiment or an older version?)");
        return s.Deserialize<LocomotionSummary>(LocomotionExperimentConfig.Json)
            ?? throw new Engine.IO.InputException("not a locomotion report", Engine.IO.InputException.Location(reportJson, "$.summary"), "the summary is null");
    });
}
