using System.Globalization;
using System.Text;
using Engine.Envs.Maze2D;
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

    public static void Write(Maze2DSummary summary, IReadOnlyDictionary<string, LossCurve> curves, string outDir)
    {
        Engine.IO.DurableFile.WriteAllText(Path.Combine(outDir, "report.json"), summary.ToJson());
        bool losses = DrawLosses(curves, Path.Combine(outDir, "losses.png"));
        Engine.IO.DurableFile.WriteAllText(Path.Combine(outDir, "report.md"), Markdown(summary, outDir, losses));
    }

    /// <param name="outDir">Where report.md goes: heatmap links are made relative to it.</param>
    /// <param name="losses">Whether a losses.png lies beside it.</param>
    public static string Markdown(Maze2DSummary r, string outDir, bool losses = true)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        var mazes = r.Configs.Select(c => c.Maze).ToList();
        bool small = r.Configs.Count > 0 && r.Configs.All(c => Math.Max(c.Data.BaseSize, c.Data.ExpertSize) <= SmallDataSize);
        sb.AppendLine($"# Reward extraction on Maze2D — {string.Join(", ", mazes)}");
        sb.AppendLine();
        if (r.Headline is { } h)
        {
            var all = r.Test[0];
            sb.AppendLine($"**Nearest-goal accuracy {h} over {(mazes.Count > 1 ? "all mazes run" : mazes[0])}, test seeds; chance {100 * h.Chance:F2} %.** " +
                          $"One-cell accuracy {all.WithinOneCell} (chance {100 * all.WithinOneCell.Chance:F2} %); held-out discriminability {all.Discriminability}. " +
                          "Brackets: 95 % Wilson intervals for accuracies, 95 % bootstrap intervals over held-out episodes for discriminability.");
        }
        else sb.AppendLine("**No test-seed runs: nothing to headline** (validation seeds only; see below).");
        sb.AppendLine();
        sb.AppendLine($"Test seeds are below {Maze2DSeeds.FirstValidation}; seeds from {Maze2DSeeds.FirstValidation} on are validation seeds, used to choose settings and kept out of the headline.");
        if (r.Missing.Count > 0) sb.AppendLine($"**{r.Missing.Count} planned run(s) have no result** and are not counted: {string.Join("; ", r.Missing.Take(20))}{(r.Missing.Count > 20 ? "; …" : "")}.");
        sb.AppendLine();

        sb.AppendLine("## Test seeds");
        sb.AppendLine();
        GroupTable(sb, r.Test);
        if (small)
            sb.AppendLine($"| paper, 10k-transition ablation (appendix E.3.1, 24 runs) | 24 | — | — | {100 * PaperSmallDataGoalAccuracy:F1} % | — | — |");
        else
            sb.AppendLine("| paper (4 mazes × 8 goals × 5 seeds) | 160 | — | — | 78.12 % ± 6.40 % | — | 83.76 % (mean; fitted and scored on one split that overlaps training) |");
        sb.AppendLine();
        if (r.Validation.Count > 0)
        {
            sb.AppendLine($"## Validation seeds (≥ {Maze2DSeeds.FirstValidation}; for tuning, not in the headline)");
            sb.AppendLine();
            GroupTable(sb, r.Validation);
            sb.AppendLine();
        }

        var test = r.Runs.Where(x => !x.Validation).ToList();
        var disc = test.Where(x => double.IsFinite(x.DiscriminatorDiscriminability)).ToList();
        var steer = test.Where(x => double.IsFinite(x.SteeredGoalDistance)).ToList();
        if (disc.Count > 0 || steer.Count > 0)
        {
            sb.AppendLine("## Baseline and steering (test seeds)");
            sb.AppendLine();
            sb.AppendLine("| metric | value |");
            sb.AppendLine("|---|---|");
            if (disc.Count > 0)
            {
                sb.AppendLine($"| discriminator baseline: held-out discriminability (mean) | {100 * disc.Average(x => x.DiscriminatorDiscriminability):F2} % |");
                var dc = disc.Where(x => x.DiscriminatorCorrect.HasValue).ToList();
                if (dc.Count > 0) sb.AppendLine($"| discriminator baseline: one-cell accuracy of its heatmap | {AccuracySummary.Of(dc, x => x.DiscriminatorCorrect == true, x => x.ChanceWithinOneCell)} |");
            }
            if (steer.Count > 0)
            {
                var scales = string.Join(", ", r.Configs.Select(c => c.Evaluation.SteeringScale.ToString(inv)).Distinct());
                sb.AppendLine($"| steering: mean distance of planned states to the goal, unguided → guided by the reward (ω = {scales}) | {steer.Average(x => x.UnsteeredGoalDistance):F3} → {steer.Average(x => x.SteeredGoalDistance):F3} cells |");
                var ds = steer.Where(x => double.IsFinite(x.DiscriminatorSteeredGoalDistance)).ToList();
                if (ds.Count > 0)
                    sb.AppendLine($"| steering by the discriminator (same ω, same noise) | {ds.Average(x => x.UnsteeredGoalDistance):F3} → {ds.Average(x => x.DiscriminatorSteeredGoalDistance):F3} cells |");
            }
            sb.AppendLine();
        }

        sb.AppendLine("## Runs");
        sb.AppendLine();
        sb.AppendLine("| maze | goal | seed | goal (x, y) | maximum (x, y) | distance | within a cell (chance) | nearest goal (chance) | discriminability [95 %] (held-out / fit) | reward loss (train / held-out) | heatmap |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var x in r.Runs)
        {
            string link = r.HeatmapFiles.TryGetValue((x.Maze, x.Goal, x.Seed), out var png) ? Path.GetRelativePath(outDir, png).Replace('\\', '/') : x.Heatmap;
            sb.AppendLine($"| {x.Maze} | {x.Goal} | {x.Seed}{(x.Validation ? " (validation)" : "")} | ({x.GoalX.ToString(inv)}, {x.GoalY.ToString(inv)}) | ({x.MaxX:F2}, {x.MaxY:F2}) | {x.Distance:F2} | " +
                          $"{(x.Correct ? "yes" : "no")} ({100 * x.ChanceWithinOneCell:F1} %) | {(x.NearestGoal ? "yes" : "no")} ({100 * x.ChanceNearestGoal:F1} %) | " +
                          $"{100 * x.Discriminability:F1} % [{100 * x.DiscriminabilityLow:F1}, {100 * x.DiscriminabilityHigh:F1}] / {100 * x.DiscriminabilityTrain:F1} % | {x.FinalRewardLoss:G3} / {x.HeldOutRewardLoss:G3} | [png]({link}) |");
        }
        sb.AppendLine();

        sb.AppendLine("## Settings");
        sb.AppendLine();
        foreach (var c in r.Configs) Settings(sb, c);
        foreach (var (k, v) in r.DiffusionFinalLoss) sb.AppendLine($"- diffusion {k}: final training loss {v:G4}");
        foreach (var (k, v) in r.Episodes) sb.AppendLine($"- episodes {k}: {v[0]} training, {v[1]} held out");
        sb.AppendLine();
        sb.AppendLine((losses ? "Loss curves: [losses.png](losses.png). " : "") + "Machine-readable results: [report.json](report.json); each run's resolved configuration: config.json in its maze folder.");
        sb.AppendLine();
        sb.AppendLine("## Time");
        sb.AppendLine();
        foreach (var source in r.Sources) sb.AppendLine($"- {source}");
        foreach (var (k, v) in r.StageSeconds) sb.AppendLine($"- {k}: {v.ToString(inv)} s");
        if (double.IsFinite(r.WallSeconds)) sb.AppendLine($"- wall time: {r.WallSeconds.ToString("F0", inv)} s");
        if (r.Machine.Length > 0) sb.AppendLine($"- machine: {r.Machine}");
        return sb.ToString();
    }

    private static void GroupTable(StringBuilder sb, IReadOnlyList<GroupSummary> groups)
    {
        sb.AppendLine("| mazes | runs | nearest-goal accuracy [95 %] | chance | one-cell accuracy [95 %] | chance | held-out discriminability [95 %] |");
        sb.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var g in groups)
            sb.AppendLine($"| {g.Name} | {g.Runs} | {g.NearestGoal} | {100 * g.NearestGoal.Chance:F2} % | {g.WithinOneCell} | {100 * g.WithinOneCell.Chance:F2} % | {g.Discriminability} |");
    }

    private static void Settings(StringBuilder sb, Maze2DConfig c)
    {
        var inv = CultureInfo.InvariantCulture;
        var r = c.Reward;
        sb.AppendLine($"- **{c.Task.Id}**: goals {string.Join(", ", c.Goals)}; seeds {string.Join(", ", c.Seeds)}. " +
                      $"Datasets per seed: {c.Data.BaseSize:N0} base and {c.Data.ExpertSize:N0} expert transitions per goal; the last {c.Data.TestFraction:P0} of each file's episodes held out. " +
                      $"Diffusion: TemporalUnet dim {c.Diffusion.Dim}, mults ({string.Join(", ", c.Diffusion.DimMults)}), H {c.Diffusion.Horizon}, T {c.Diffusion.Steps}, {c.Diffusion.TrainSteps:N0} steps of batch {c.Diffusion.BatchSize}. " +
                      $"Reward: Algorithm {r.Algorithm}, window h {r.WindowHorizon}, MLP ({string.Join(", ", r.DimMults.Select(m => m * r.Dim))}) with {r.Activation}, {r.TrainSteps:N0} steps of batch {r.BatchSize} at lr {r.LearningRate.ToString(inv)}, data: {r.TrainData}, gradient at {r.Point}.");
        if (r.PerGoal.Count > 0)
            sb.AppendLine("  Per goal (h / widths / data): " + string.Join("; ", c.Goals.Select(k =>
            {
                var g = c.RewardFor(k);
                return $"{k}: {g.WindowHorizon} / ({string.Join(", ", g.DimMults.Select(m => m * g.Dim))}) / {g.TrainData}";
            })) + ".");
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
        r.Save(path); // PNGs are written atomically by PngWriter
    }

    /// <summary>Draws the curves; false (and no file) when there are none.</summary>
    private static bool DrawLosses(IReadOnlyDictionary<string, LossCurve> curves, string path)
    {
        if (!curves.Values.Any(c => c.Means.Count > 0)) return false;
        var chart = new LineChart { Title = "training losses", XLabel = "step", YLabel = "loss (log10)", LogY = true, Width = 900, Height = 520 };
        int i = 0;
        foreach (var (name, curve) in curves)
            if (curve.Means.Count > 0)
                chart.Add(new Series(name, curve.Steps, curve.Means, Color.Palette[i++ % Color.Palette.Count]));
        chart.Render().SavePng(path);
        return true;
    }
}
