using Engine.Experiments.Reporting;

namespace Engine.Experiments.Locomotion.Steering;

/// <summary>
/// The combined locomotion table beside the paper's Table 1: one row per robot (unsteered, discriminator, reward and
/// the expert Diffuser, mean ± s.e. over episodes, with the Welch p-values), the mean over robots, and the issue's
/// success criteria counted (reward above unsteered with p &lt; 0.05 everywhere; above the discriminator in most robots).
/// Written as <c>table.md</c> / <c>table.json</c>.
/// </summary>
public static class LocomotionTable
{
    /// <summary>The paper's Table 1: (unsteered, discriminator, reward) per robot, for the medium-replay ("base") and medium base models.</summary>
    public static readonly IReadOnlyDictionary<(string BaseData, string Env), (double Unsteered, double Discriminator, double Reward)> Paper =
        new Dictionary<(string, string), (double, double, double)>
        {
            [("base", "halfcheetah")] = (30.38, 30.41, 31.65), [("base", "hopper")] = (24.67, 25.12, 27.04), [("base", "walker2d")] = (28.20, 27.98, 38.40),
            [("medium", "halfcheetah")] = (59.41, 70.79, 69.32), [("medium", "hopper")] = (58.8, 59.42, 64.97), [("medium", "walker2d")] = (96.12, 96.75, 102.05),
        };

    /// <summary>The significance level of the criterion.</summary>
    public const double Alpha = 0.05;

    public static void Write(IReadOnlyList<LocomotionSummary> robots, string outDir)
    {
        if (robots.Count == 0) throw new ArgumentException("LocomotionTable: no robot summaries to tabulate");
        var report = new Report().Heading(1, "Locomotion steering: the combined table (the paper's Table 1)");
        report.Paragraph("D4RL-normalised scores, mean ± standard error over episodes; p-values of two-sided Welch t-tests. " +
            "The paper's numbers are over 512 episodes of models trained for 1 M steps on D4RL's data; ours come from the data, models and budgets " +
            "named in each robot's report.md, so compare directions and differences, not levels.");
        foreach (var group in robots.GroupBy(r => r.BaseData).OrderBy(g => g.Key == "base" ? 0 : 1))
        {
            var rows = group.OrderBy(r => r.Env, StringComparer.Ordinal).ToList();
            report.Heading(2, group.Key == "base" ? "Base model trained on medium-replay-like data" : "Base model trained on medium data");
            var table = rows.Select(r => (IReadOnlyList<string>)
            [
                r.Env, r.Seed.ToString(Report.Invariant), r[nameof(Condition.BaseUnsteered)].Episodes.ToString(Report.Invariant),
                Cell(r, Condition.BaseUnsteered), Cell(r, Condition.BaseDiscriminator), Cell(r, Condition.BaseReward),
                $"{Report.Number(r.RewardVsUnsteered.Difference)} (p {Report.P(r.RewardVsUnsteered.P)})",
                $"{Report.Number(r.RewardVsDiscriminator.Difference)} (p {Report.P(r.RewardVsDiscriminator.P)})",
                Cell(r, Condition.ExpertUnsteered), PaperCell(group.Key, r.Env),
            ]).ToList();
            if (rows.Count > 1)
            {
                double Mean(Condition c) => rows.Average(r => r[c.ToString()].Mean);
                var paper = rows.Select(r => Paper.TryGetValue((group.Key, r.Env), out var p) ? p : ((double, double, double)?)null).ToList();
                table.Add(
                [
                    "mean", "", "", Report.Number(Mean(Condition.BaseUnsteered)), Report.Number(Mean(Condition.BaseDiscriminator)),
                    Report.Number(Mean(Condition.BaseReward)), Report.Number(Mean(Condition.BaseReward) - Mean(Condition.BaseUnsteered)),
                    Report.Number(Mean(Condition.BaseReward) - Mean(Condition.BaseDiscriminator)), Report.Number(Mean(Condition.ExpertUnsteered)),
                    paper.All(p => p is not null)
                        ? $"{Report.Number(paper.Average(p => p!.Value.Item1))} / {Report.Number(paper.Average(p => p!.Value.Item2))} / {Report.Number(paper.Average(p => p!.Value.Item3))}"
                        : "–",
                ]);
            }
            report.Table(["robot", "seed", "episodes", "unsteered", "discriminator", "reward", "reward − unsteered", "reward − discriminator", "expert Diffuser", "paper (unst. / disc. / reward)"], table);
            int aboveUnsteered = rows.Count(r => r.RewardVsUnsteered.Difference > 0 && r.RewardVsUnsteered.P < Alpha);
            int aboveDiscriminator = rows.Count(r => r.RewardVsDiscriminator.Difference > 0);
            int aboveDiscriminatorSignificant = rows.Count(r => r.RewardVsDiscriminator.Difference > 0 && r.RewardVsDiscriminator.P < Alpha);
            report.Paragraph(string.Create(Report.Invariant,
                $"Reward above unsteered with p < {Alpha}: {aboveUnsteered} of {rows.Count} robots. Reward above the discriminator: {aboveDiscriminator} of {rows.Count} " +
                $"({aboveDiscriminatorSignificant} with p < {Alpha}). No correction for multiple comparisons is applied."));
        }
        report.Save(outDir, new { robots }, LocomotionExperimentConfig.Json, "table");
    }

    /// <summary>The summaries of the robot folders under <paramref name="folders"/> (a robot folder holds report.json; a parent folder is searched one level down).</summary>
    public static List<LocomotionSummary> Collect(IEnumerable<string> folders)
    {
        var found = new List<(string File, LocomotionSummary Summary)>();
        foreach (var folder in folders)
        {
            if (!Directory.Exists(folder))
                throw new Engine.IO.InputException("folder not found", Engine.IO.InputException.Location(folder), File.Exists(folder) ? "is a file; give a run folder" : "does not exist");
            var own = Path.Combine(folder, "report.json");
            var files = File.Exists(own) ? [own] : Directory.GetDirectories(folder).Order(StringComparer.Ordinal)
                .Select(d => Path.Combine(d, "report.json")).Where(File.Exists).ToList();
            if (files.Count == 0)
                throw new Engine.IO.InputException("no locomotion report", Engine.IO.InputException.Location(folder), "it holds no report.json (itself or one level down)");
            found.AddRange(files.Select(f => (f, LocomotionSummary.Read(f))));
        }
        var twice = found.GroupBy(r => (r.Summary.Env, r.Summary.BaseData)).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
            throw new Engine.IO.InputException($"two reports for {twice.Key.Env} with base data '{twice.Key.BaseData}'",
                string.Join(", ", twice.Select(r => Engine.IO.InputException.Location(r.File))), "give one folder per run");
        return found.Select(r => r.Summary).ToList();
    }

    private static string Cell(LocomotionSummary r, Condition c)
    {
        var s = r[c.ToString()];
        return Report.MeanSe(s.Mean, s.StandardError);
    }

    private static string PaperCell(string baseData, string env) =>
        Paper.TryGetValue((baseData, env), out var p) ? $"{Report.Number(p.Unsteered)} / {Report.Number(p.Discriminator)} / {Report.Number(p.Reward)}" : "–";
}
