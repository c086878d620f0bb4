using System.Globalization;
using System.Text;
using System.Text.Json;
using Engine.Diffusion;
using Engine.Experiments.Maze2D;
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
    /// <summary>The paper's Table 1 (medium-replay bases): unsteered, discriminator, reward.</summary>
    private static readonly Dictionary<string, (double Unsteered, double Discriminator, double Reward)> Paper = new()
    {
        ["halfcheetah"] = (30.38, 30.41, 31.65), ["hopper"] = (24.67, 25.12, 27.04), ["walker2d"] = (28.20, 27.98, 38.40),
    };

    public static void Write(LocomotionResults r, IReadOnlyDictionary<string, LossCurve> curves, string outDir)
    {
        var env = r.Config.Task.Name;
        var ci = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine(ci, $"# Locomotion steering: {env}");
        md.AppendLine();
        md.AppendLine(ci, $"Data: {r.Data}. Base model trained on the `{r.Config.BaseData}` dataset. Seed {r.Config.Seed}. Configuration: `config.json`.");
        md.AppendLine(ci, $"Reward guidance ω {r.RewardGuide.Scale}, t_stopgrad {r.RewardGuide.TStopgrad} ({r.Config.Rollouts.Guidance} settings); discriminator ω {r.DiscriminatorGuide.Scale}, t_stopgrad {r.DiscriminatorGuide.TStopgrad} (paper Tables 6/7).");
        md.AppendLine();
        md.AppendLine("| condition | episodes | D4RL-normalised score, mean ± s.e. | min | max | fell | environment steps/s |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var c in Enum.GetValues<Condition>())
        {
            var eps = r.Conditions[c.ToString()];
            var (m, se) = WelchTest.MeanSe(eps.Select(e => e.Score).ToArray());
            var rate = r.StepsPerSecond.TryGetValue(c.ToString(), out var sps) ? sps.ToString("F1", ci) : "–";
            md.AppendLine(ci, $"| {c} | {eps.Count} | {m:F2} ± {se:F2} | {eps.Min(e => e.Score):F1} | {eps.Max(e => e.Score):F1} | {eps.Count(e => e.Terminated)} | {rate} |");
        }
        var vsUnsteered = WelchTest.Compare(r.Scores(Condition.BaseReward), r.Scores(Condition.BaseUnsteered));
        var vsDiscriminator = WelchTest.Compare(r.Scores(Condition.BaseReward), r.Scores(Condition.BaseDiscriminator));
        md.AppendLine();
        md.AppendLine(ci, $"Welch t-tests (two-sided): reward − unsteered = {vsUnsteered.Difference:F2} (t {vsUnsteered.T:F2}, df {vsUnsteered.DegreesOfFreedom:F1}, p {vsUnsteered.P:G3}); reward − discriminator = {vsDiscriminator.Difference:F2} (t {vsDiscriminator.T:F2}, df {vsDiscriminator.DegreesOfFreedom:F1}, p {vsDiscriminator.P:G3}).");
        if (Paper.TryGetValue(env, out var p) && r.Config.BaseData == "base")
            md.AppendLine(ci, $"The paper's Table 1 ({env}, D4RL medium-replay base, 512 episodes): unsteered {p.Unsteered}, discriminator {p.Discriminator}, reward {p.Reward}. Our data, models and budgets differ (docs/locomotion.md); compare the direction, not the numbers.");
        var grid = r.Conditions.Keys.Where(k => k.StartsWith("Grid ", StringComparison.Ordinal)).ToList();
        if (grid.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Guidance grid (the paper's Table 3)");
            md.AppendLine();
            md.AppendLine("| setting | mean ± s.e. | reward − unsteered | p (Welch) |");
            md.AppendLine("|---|---|---|---|");
            var means = new List<double>();
            foreach (var k in grid)
            {
                var v = r.Conditions[k].Select(e => e.Score).ToArray();
                var (m, se) = WelchTest.MeanSe(v);
                means.Add(m);
                var w = WelchTest.Compare(v, r.Scores(Condition.BaseUnsteered));
                md.AppendLine(ci, $"| {k[5..]} | {m:F2} ± {se:F2} | {w.Difference:F2} | {w.P:G3} |");
            }
            md.AppendLine();
            md.AppendLine(ci, $"Over the grid: lowest mean {means.Min():F2}, mean of means {means.Average():F2}, highest mean {means.Max():F2} (Table 3 reports lower bound / mean / upper bound the same way).");
        }
        if (r.Conditions.TryGetValue(LocomotionExperiment.SecondBaseUnsteered, out var b2) && r.Conditions.TryGetValue(LocomotionExperiment.SecondBaseReward, out var b2r))
        {
            var u = b2.Select(e => e.Score).ToArray();
            var s2 = b2r.Select(e => e.Score).ToArray();
            var (mu, seu) = WelchTest.MeanSe(u);
            var (ms, ses) = WelchTest.MeanSe(s2);
            var w = WelchTest.Compare(s2, u);
            md.AppendLine();
            md.AppendLine("## A base model the reward never saw (the paper's Table 8)");
            md.AppendLine();
            md.AppendLine(ci, $"Second base Diffuser (another seed): unsteered {mu:F2} ± {seu:F2}, steered by the same reward (Tables 6/7 \"ablation\" ω and t_stopgrad) {ms:F2} ± {ses:F2}; difference {w.Difference:F2}, p {w.P:G3}.");
        }
        md.AppendLine();
        md.AppendLine("![scores](scores.png) ![training](training.png)");
        md.AppendLine();
        md.AppendLine("Stick figures of episode 0 per condition: `rollouts/<condition>.png`. Stage times (s): " +
            string.Join(", ", r.StageSeconds.Select(kv => string.Create(ci, $"{kv.Key} {kv.Value:F0}"))) + ".");
        Engine.IO.DurableFile.WriteAllText(Path.Combine(outDir, "report.md"), md.ToString());
        Engine.IO.DurableFile.WriteAllText(Path.Combine(outDir, "report.json"), JsonSerializer.Serialize(new
        {
            results = r,
            rewardVsUnsteered = vsUnsteered,
            rewardVsDiscriminator = vsDiscriminator,
        }, LocomotionExperimentConfig.Json));

        var hist = new HistogramChart(-10, 130, 28) { Title = $"{env}: episode scores per condition", XLabel = "D4RL-normalised score", Normalize = true };
        foreach (var c in Enum.GetValues<Condition>()) hist.Add(c.ToString(), r.Scores(c));
        hist.SavePng(Path.Combine(outDir, "scores.png"));
        var chart = new LineChart { Title = $"{env}: training losses", XLabel = "step", YLabel = "loss (log10)", LogY = true };
        foreach (var (name, curve) in curves)
            if (curve.Means.Count > 0) chart.Add(new Series(name, curve.Steps, curve.Means));
        chart.SavePng(Path.Combine(outDir, "training.png"));
    }
}
