using Engine.Envs.Maze2D;
using Engine.Experiments.Reporting;
using Engine.Plot;

namespace Engine.Experiments.Maze2D;

/// <summary>
/// The report of a set of maze runs (<see cref="Maze2DSummary"/>): report.md (human), report.json (machine), loss
/// curves as PNG. The same layout serves one maze, a sweep, a shard and merged shards.
/// </summary>
public static class Maze2DReport
{
    /// <summary>The paper's figures next to which ours are printed (§5.1, appendix E): one-cell accuracy over 160 runs, mean discriminability, and the 10k-transition ablation (24 runs).</summary>
    public const double PaperGoalAccuracy = 0.7812, PaperDiscriminability = 0.8376, PaperSmallDataGoalAccuracy = 0.75;

    /// <summary>Datasets up to this size are compared with the paper's dataset-size ablation (appendix E.3.1) rather than its main table.</summary>
    public const long SmallDataSize = 10_000;

    /// <summary>Writes report.json (the summary), losses.png/.svg when there are curves, and report.md (<see cref="Report"/>).</summary>
    public static void Write(Maze2DSummary summary, IReadOnlyDictionary<string, LossCurve> curves, string outDir)
    {
        bool losses = DrawLosses(curves, Path.Combine(outDir, "losses.png"));
        Build(summary, outDir, losses).Save(outDir, summary, Maze2DResults.Json);
    }

    /// <param name="outDir">Where report.md goes: heatmap links are made relative to it.</param>
    /// <param name="losses">Whether a losses.png lies beside it.</param>
    public static string Markdown(Maze2DSummary r, string outDir, bool losses = true) => Build(r, outDir, losses).Markdown;

    private static Report Build(Maze2DSummary r, string outDir, bool losses)
    {
        var inv = Report.Invariant;
        var mazes = r.Configs.Select(c => c.Maze).ToList();
        bool small = r.Configs.Count > 0 && r.Configs.All(c => Math.Max(c.Data.BaseSize, c.Data.ExpertSize) <= SmallDataSize);
        var report = new Report().Heading(1, $"Reward extraction on Maze2D — {string.Join(", ", mazes)}");
        if (r.Headline is { } h)
        {
            var all = r.Test[0];
            report.Paragraph($"**Nearest-goal accuracy {h} over {(mazes.Count > 1 ? "all mazes run" : mazes[0])}, test seeds; chance {Percent(h.Chance)}.** " +
                             $"One-cell accuracy {all.WithinOneCell} (chance {Percent(all.WithinOneCell.Chance)}); held-out discriminability {all.Discriminability}. " +
                             "Brackets: 95 % Wilson intervals for accuracies, 95 % bootstrap intervals over held-out episodes for discriminability.");
        }
        else report.Paragraph("**No test-seed runs: nothing to headline** (validation seeds only; see below).");
        var protocol = $"Test seeds are below {Maze2DSeeds.FirstValidation}; seeds from {Maze2DSeeds.FirstValidation} on are validation seeds, used to choose settings and kept out of the headline.";
        if (r.Missing.Count > 0)
            protocol += $"\n**{r.Missing.Count} planned run(s) have no result** and are not counted: {string.Join("; ", r.Missing.Take(20))}{(r.Missing.Count > 20 ? "; …" : "")}.";
        report.Paragraph(protocol);

        string[] groupHeader = ["mazes", "runs", "nearest-goal accuracy [95 %]", "chance", "one-cell accuracy [95 %]", "chance", "held-out discriminability [95 %]"];
        var paper = small
            ? new[] { "paper, 10k-transition ablation (appendix E.3.1)", "24", "—", "—", $"{100 * PaperSmallDataGoalAccuracy:F1} %", "—", "—" }
            : ["paper (4 mazes × 8 goals × 5 seeds)", "160", "—", "—", "78.12 % ± 6.40 %", "—", "83.76 % (mean; fitted and scored on one split that overlaps training)"];
        report.Heading(2, "Test seeds").Table(groupHeader, [.. r.Test.Select(GroupRow), paper]);
        if (r.Validation.Count > 0)
            report.Heading(2, $"Validation seeds (≥ {Maze2DSeeds.FirstValidation}; for tuning, not in the headline)").Table(groupHeader, r.Validation.Select(GroupRow));

        var test = r.Runs.Where(x => !x.Validation).ToList();
        var rows = new List<string[]>();
        var disc = test.Where(x => double.IsFinite(x.DiscriminatorDiscriminability)).ToList();
        if (disc.Count > 0)
        {
            rows.Add(["discriminator baseline: held-out discriminability (mean)", Percent(disc.Average(x => x.DiscriminatorDiscriminability))]);
            var dc = disc.Where(x => x.DiscriminatorCorrect.HasValue).ToList();
            if (dc.Count > 0) rows.Add(["discriminator baseline: one-cell accuracy of its heatmap", AccuracySummary.Of(dc, x => x.DiscriminatorCorrect == true, x => x.ChanceWithinOneCell).ToString()]);
        }
        var steer = test.Where(x => double.IsFinite(x.SteeredGoalDistance)).ToList();
        if (steer.Count > 0)
        {
            var scales = string.Join(", ", r.Configs.Select(c => c.Evaluation.SteeringScale.ToString(inv)).Distinct());
            rows.Add([$"steering: mean distance of planned states to the goal, unguided → guided by the reward (ω = {scales})",
                      $"{Report.Number(steer.Average(x => x.UnsteeredGoalDistance), 3)} → {Report.Number(steer.Average(x => x.SteeredGoalDistance), 3)} cells"]);
            var ds = steer.Where(x => double.IsFinite(x.DiscriminatorSteeredGoalDistance)).ToList();
            if (ds.Count > 0)
                rows.Add(["steering by the discriminator (same ω, same noise)",
                          $"{Report.Number(ds.Average(x => x.UnsteeredGoalDistance), 3)} → {Report.Number(ds.Average(x => x.DiscriminatorSteeredGoalDistance), 3)} cells"]);
        }
        if (rows.Count > 0) report.Heading(2, "Baseline and steering (test seeds)").Table(["metric", "value"], rows);

        report.Heading(2, "Runs").Table(
            ["maze", "goal", "seed", "goal (x, y)", "maximum (x, y)", "distance", "within a cell (chance)", "nearest goal (chance)", "discriminability [95 %] (held-out / fit)", "reward loss (train / held-out)", "heatmap"],
            r.Runs.Select(x =>
            {
                string link = r.HeatmapFiles.TryGetValue((x.Maze, x.Goal, x.Seed), out var png) ? Path.GetRelativePath(outDir, png).Replace('\\', '/') : x.Heatmap;
                return new[]
                {
                    x.Maze, x.Goal.IsNumbered ? x.Goal.Number.ToString(inv) : "point", x.Seed.ToString(inv) + (x.Validation ? " (validation)" : ""),
                    $"({x.GoalX.ToString(inv)}, {x.GoalY.ToString(inv)})", $"({Report.Number(x.MaxX)}, {Report.Number(x.MaxY)})", Report.Number(x.Distance),
                    $"{(x.Correct ? "yes" : "no")} ({Percent(x.ChanceWithinOneCell, 1)})", $"{(x.NearestGoal ? "yes" : "no")} ({Percent(x.ChanceNearestGoal, 1)})",
                    $"{Percent(x.Discriminability, 1)} [{Report.Number(100 * x.DiscriminabilityLow, 1)}, {Report.Number(100 * x.DiscriminabilityHigh, 1)}] / {Percent(x.DiscriminabilityTrain, 1)}",
                    $"{x.FinalRewardLoss.ToString("G3", inv)} / {x.HeldOutRewardLoss.ToString("G3", inv)}", $"[png]({link})",
                };
            }));

        var settings = new List<string>();
        foreach (var c in r.Configs) settings.AddRange(Settings(c));
        foreach (var (k, v) in r.DiffusionFinalLoss) settings.Add($"- diffusion {k}: final training loss {v.ToString("G4", inv)}");
        foreach (var (k, v) in r.Episodes) settings.Add($"- episodes {k}: {v[0]} training, {v[1]} held out");
        report.Heading(2, "Settings").Paragraph(string.Join("\n", settings))
            .Paragraph((losses ? "Loss curves: [losses.png](losses.png). " : "") + "Machine-readable results: [report.json](report.json); each maze's resolved configuration: config.json in its run folder.");

        var time = r.Sources.Select(x => $"- {x}").Concat(r.StageSeconds.Select(kv => $"- {kv.Key}: {kv.Value.ToString(inv)} s")).ToList();
        if (double.IsFinite(r.WallSeconds)) time.Add($"- wall time: {r.WallSeconds.ToString("F0", inv)} s");
        if (r.Machine.Length > 0) time.Add($"- machine: {r.Machine}");
        if (time.Count > 0) report.Heading(2, "Time").Paragraph(string.Join("\n", time));
        return report;
    }

    private static string Percent(double v, int digits = 2) => Report.Number(100 * v, digits) + " %";

    private static string[] GroupRow(GroupSummary g) =>
        [g.Name, g.Runs.ToString(Report.Invariant), g.NearestGoal.ToString(), Percent(g.NearestGoal.Chance), g.WithinOneCell.ToString(), Percent(g.WithinOneCell.Chance), g.Discriminability.ToString()];

    private static IEnumerable<string> Settings(Maze2DConfig c)
    {
        var inv = Report.Invariant;
        var r = c.Reward;
        yield return $"- **{c.Task.Id}**: goals {string.Join(", ", c.Goals)}; seeds {string.Join(", ", c.Seeds)}. " +
                     $"Datasets per seed: {c.Data.BaseSize.ToString("N0", inv)} base and {c.Data.ExpertSize.ToString("N0", inv)} expert transitions per goal; the last {c.Data.TestFraction.ToString("P0", inv)} of each file's episodes held out. " +
                     $"Diffusion: TemporalUnet dim {c.Diffusion.Dim}, mults ({string.Join(", ", c.Diffusion.DimMults)}), H {c.Diffusion.Horizon}, T {c.Diffusion.Steps}, {c.Diffusion.TrainSteps.ToString("N0", inv)} steps of batch {c.Diffusion.BatchSize}. " +
                     $"Reward: Algorithm {r.Algorithm}, window h {r.WindowHorizon}, MLP ({string.Join(", ", r.DimMults.Select(m => m * r.Dim))}) with {r.Activation}, {r.TrainSteps.ToString("N0", inv)} steps of batch {r.BatchSize} at lr {r.LearningRate.ToString(inv)}, data: {r.TrainData}, gradient at {r.Point}.";
        if (c.Layout is not null) yield return $"  User layout {c.MazeTag} (rows top to bottom): `{string.Join(" / ", c.Layout)}`.";
        if (r.PerGoal.Count > 0)
            yield return "  Per goal (h / widths / data): " + string.Join("; ", c.Goals.Select(k =>
            {
                var g = c.RewardFor(k);
                return $"{k}: {g.WindowHorizon} / ({string.Join(", ", g.DimMults.Select(m => m * g.Dim))}) / {g.TrainData}";
            })) + ".";
    }

    /// <summary>The smoothed heatmap with walls, the goal (ring of half a cell) and the maximum (white dot).</summary>
    public static void DrawHeatmap(MazeLayout layout, double[,] field, (double X, double Y) goal, (double X, double Y) max, string title, string path)
    {
        int nx = field.GetLength(0), ny = field.GetLength(1);
        var flat = new double[nx * ny];
        for (int a = 0; a < nx; a++)
            for (int b = 0; b < ny; b++) flat[a * ny + b] = field[a, b];
        double hi = flat.Max();
        var r = new MazeRenderer(layout, 56)
            .DrawField(flat, nx, ny, Colormap.Viridis, 0, hi > 0 ? hi : 1)
            .DrawWalls()
            .DrawGoal(goal.X, goal.Y)
            .DrawStart(max.X, max.Y, Color.White)
            .DrawTitle(title);
        r.SavePngAndSvg(path); // written atomically, the SVG beside the PNG
    }

    /// <summary>Draws the curves; false (and no file) when there are none.</summary>
    private static bool DrawLosses(IReadOnlyDictionary<string, LossCurve> curves, string path)
    {
        if (!curves.Values.Any(c => c.Means.Count > 0)) return false;
        var chart = new LineChart { Title = "training losses", XLabel = "step", YLabel = "loss", LogY = true, Width = 900, Height = 520 };
        int i = 0;
        foreach (var (name, curve) in curves)
            if (curve.Means.Count > 0)
                chart.Add(new Series(name, curve.Steps, curve.Means, Color.Palette[i++ % Color.Palette.Count]));
        chart.SavePngAndSvg(path);
        return true;
    }
}
