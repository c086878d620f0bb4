using Engine.Diffusion;
using Engine.Experiments.Reporting;
using Engine.Plot;

namespace Engine.Experiments.Locomotion.Steering;

/// <summary>What a locomotion experiment measured: the D4RL-normalised score of every episode per condition.</summary>
public sealed record LocomotionResults(LocomotionExperimentConfig Config, string Data, Dictionary<string, List<RolloutEpisode>> Conditions,
    GuideOptions RewardGuide, GuideOptions DiscriminatorGuide, Dictionary<string, double> StageSeconds, Dictionary<string, double> StepsPerSecond)
{
    public IReadOnlyList<double> Scores(Condition c) => Conditions[c.ToString()].Select(e => e.Score).ToArray();
}

/// <summary>report.md, report.json, score histograms and training curves of a locomotion experiment.</summary>
public static class LocomotionReport
{
    public static void Write(LocomotionResults r, IReadOnlyDictionary<string, LossCurve> curves, string outDir)
    {
        var env = r.Config.Task.Name;
        var ci = Report.Invariant;
        var summary = LocomotionSummary.Of(r);
        var report = new Report().Heading(1, $"Locomotion steering: {env}");
        report.Paragraph(string.Create(ci, $"Data: {r.Data}. Base model trained on the `{r.Config.BaseData}` dataset. Seed {r.Config.Seed}. Configuration: `config.json`.\n") +
            string.Create(ci, $"Reward guidance ω {r.RewardGuide.Scale}, t_stopgrad {r.RewardGuide.TStopgrad} ({r.Config.Rollouts.Guidance} settings); discriminator ω {r.DiscriminatorGuide.Scale}, t_stopgrad {r.DiscriminatorGuide.TStopgrad} (paper Tables 6/7)."));
        report.Table(["condition", "episodes", "D4RL-normalised score, mean ± s.e.", "min", "max", "fell", "environment steps/s"],
            Enum.GetValues<Condition>().Select(c => summary[c.ToString()]).Select(s => (IReadOnlyList<string>)
            [
                s.Name, s.Episodes.ToString(ci), Report.MeanSe(s.Mean, s.StandardError), Report.Number(s.Min, 1), Report.Number(s.Max, 1),
                s.Fell.ToString(ci), Report.Number(s.StepsPerSecond, 1),
            ]));
        var vsUnsteered = summary.RewardVsUnsteered;
        var vsDiscriminator = summary.RewardVsDiscriminator;
        var tests = string.Create(ci, $"Welch t-tests (two-sided): reward − unsteered = {vsUnsteered.Difference:F2} (t {vsUnsteered.T:F2}, df {vsUnsteered.DegreesOfFreedom:F1}, p {Report.P(vsUnsteered.P)}); reward − discriminator = {vsDiscriminator.Difference:F2} (t {vsDiscriminator.T:F2}, df {vsDiscriminator.DegreesOfFreedom:F1}, p {Report.P(vsDiscriminator.P)}).");
        if (LocomotionTable.Paper.TryGetValue((r.Config.BaseData, env), out var p))
            tests += string.Create(ci, $"\nThe paper's Table 1 ({env}, D4RL {(r.Config.BaseData == "base" ? "medium-replay" : "medium")} base, 512 episodes): unsteered {p.Unsteered}, discriminator {p.Discriminator}, reward {p.Reward}. Our data, models and budgets differ (docs/locomotion.md); compare the direction, not the numbers.");
        report.Paragraph(tests);
        var grid = r.Conditions.Keys.Where(k => k.StartsWith("Grid ", StringComparison.Ordinal)).ToList();
        if (grid.Count > 0)
        {
            report.Heading(2, "Guidance grid (the paper's Table 3)");
            var means = new List<double>();
            var rows = new List<IReadOnlyList<string>>();
            foreach (var k in grid)
            {
                var v = r.Conditions[k].Select(e => e.Score).ToArray();
                var (m, se) = WelchTest.MeanSe(v);
                means.Add(m);
                var w = WelchTest.Compare(v, r.Scores(Condition.BaseUnsteered));
                rows.Add([k[5..], Report.MeanSe(m, se), Report.Number(w.Difference), Report.P(w.P)]);
            }
            report.Table(["setting", "mean ± s.e.", "reward − unsteered", "p (Welch)"], rows);
            report.Paragraph(string.Create(ci, $"Over the grid: lowest mean {means.Min():F2}, mean of means {means.Average():F2}, highest mean {means.Max():F2} (Table 3 reports lower bound / mean / upper bound the same way)."));
        }
        if (r.Conditions.TryGetValue(LocomotionExperiment.SecondBaseUnsteered, out var b2) && r.Conditions.TryGetValue(LocomotionExperiment.SecondBaseReward, out var b2r))
        {
            var u = b2.Select(e => e.Score).ToArray();
            var s2 = b2r.Select(e => e.Score).ToArray();
            var (mu, seu) = WelchTest.MeanSe(u);
            var (ms, ses) = WelchTest.MeanSe(s2);
            var w = WelchTest.Compare(s2, u);
            report.Heading(2, "A base model the reward never saw (the paper's Table 8)");
            report.Paragraph(string.Create(ci, $"Second base Diffuser (another seed): unsteered {mu:F2} ± {seu:F2}, steered by the same reward (Tables 6/7 \"ablation\" ω and t_stopgrad) {ms:F2} ± {ses:F2}; difference {w.Difference:F2}, p {Report.P(w.P)}."));
        }
        report.Images(("scores", "scores.png"), ("training", "training.png"));
        report.Paragraph("Stick figures of episode 0 per condition: `rollouts/<condition>.png`. Stage times (s): " +
            string.Join(", ", r.StageSeconds.Select(kv => string.Create(ci, $"{kv.Key} {kv.Value:F0}"))) + ".");
        report.Save(outDir, new { summary, results = r, rewardVsUnsteered = vsUnsteered, rewardVsDiscriminator = vsDiscriminator }, LocomotionExperimentConfig.Json);

        var hist = new HistogramChart(-10, 130, 28) { Title = $"{env}: episode scores per condition", XLabel = "D4RL-normalised score", Normalize = true };
        foreach (var c in Enum.GetValues<Condition>()) hist.Add(c.ToString(), r.Scores(c));
        hist.SavePngAndSvg(Path.Combine(outDir, "scores.png"));
        var chart = new LineChart { Title = $"{env}: training losses", XLabel = "step", YLabel = "loss", LogY = true };
        foreach (var (name, curve) in curves)
            if (curve.Means.Count > 0) chart.Add(new Series(name, curve.Steps, curve.Means));
        chart.SavePngAndSvg(Path.Combine(outDir, "training.png"));
    }
}
