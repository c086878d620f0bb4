using System.Globalization;
using System.Text;
using Engine.Envs.Maze2D;
using Engine.Plot;

namespace Engine.Experiments.Maze2D;

/// <summary>The run's report: report.md (human), report.json (machine), heatmaps and loss curves as PNG.</summary>
public static class Maze2DReport
{
    /// <summary>The paper's figures next to which ours are printed (§5.1, appendix E).</summary>
    public const double PaperGoalAccuracy = 0.7812, PaperDiscriminability = 0.8376;

    public static void Write(Maze2DResults results, IReadOnlyDictionary<string, LossCurve> curves, string outDir)
    {
        Engine.IO.DurableFile.WriteAllText(Path.Combine(outDir, "report.json"), results.ToJson());
        DrawLosses(curves, Path.Combine(outDir, "losses.png"));
        Engine.IO.DurableFile.WriteAllText(Path.Combine(outDir, "report.md"), Markdown(results));
    }

    public static string Markdown(Maze2DResults r)
    {
        var inv = CultureInfo.InvariantCulture;
        var c = r.Config;
        var acc = r.GoalAccuracy;
        var sb = new StringBuilder();
        sb.AppendLine($"# Reward extraction on Maze2D — {c.Task.Id}");
        sb.AppendLine();
        sb.AppendLine($"Goals {string.Join(", ", c.Goals)}; seeds {string.Join(", ", c.Seeds)}; data seed {c.DataSeed}. " +
                      $"Datasets: {c.Data.BaseSize:N0} base and {c.Data.ExpertSize:N0} expert transitions per goal; the last {c.Data.TestFraction:P0} of each file's episodes held out.");
        sb.AppendLine($"Diffusion: TemporalUnet dim {c.Diffusion.Dim}, mults ({string.Join(", ", c.Diffusion.DimMults)}), H {c.Diffusion.Horizon}, T {c.Diffusion.Steps}, {c.Diffusion.TrainSteps:N0} steps of batch {c.Diffusion.BatchSize}. " +
                      $"Reward: Algorithm {c.Reward.Algorithm}, window h {c.Reward.WindowHorizon}, MLP ({string.Join(", ", c.Reward.DimMults.Select(m => m * c.Reward.Dim))}) with {c.Reward.Activation}, {c.Reward.TrainSteps:N0} steps of batch {c.Reward.BatchSize} at lr {c.Reward.LearningRate.ToString(inv)}, data: {c.Reward.TrainData}, gradient at {c.Reward.Point}.");
        sb.AppendLine();
        sb.AppendLine("| metric | this run | paper |");
        sb.AppendLine("|---|---|---|");
        sb.AppendLine($"| goal accuracy (maximum of the smoothed heatmap within one cell of the goal) | {acc} | 78.12 % ± 6.40 % (n = 160) |");
        sb.AppendLine($"| stricter: the true goal is the nearest of the maze's 8 goals to the maximum | {r.NearestGoalAccuracy} | — |");
        sb.AppendLine($"| discriminability (balanced accuracy of a logistic regression on the reward, held-out episodes) | {100 * r.MeanDiscriminability:F2} % | 83.76 % (mean; fitted and scored on one split) |");
        var disc = r.Runs.Where(x => double.IsFinite(x.DiscriminatorDiscriminability)).ToList();
        if (disc.Count > 0)
        {
            sb.AppendLine($"| discriminator baseline: discriminability | {100 * disc.Average(x => x.DiscriminatorDiscriminability):F2} % | — |");
            var dc = disc.Where(x => x.DiscriminatorCorrect.HasValue).ToList();
            if (dc.Count > 0) sb.AppendLine($"| discriminator baseline: goal accuracy of its heatmap | {new Engine.Rewards.Evaluation.Proportion(dc.Count(x => x.DiscriminatorCorrect == true), dc.Count)} | — |");
        }
        var steer = r.Runs.Where(x => double.IsFinite(x.SteeredGoalDistance)).ToList();
        if (steer.Count > 0)
        {
            sb.AppendLine($"| steering: mean distance of planned states to the goal, unguided → guided by the reward (ω = {c.Evaluation.SteeringScale.ToString(inv)}) | {steer.Average(x => x.UnsteeredGoalDistance):F3} → {steer.Average(x => x.SteeredGoalDistance):F3} cells | — |");
            var ds = steer.Where(x => double.IsFinite(x.DiscriminatorSteeredGoalDistance)).ToList();
            if (ds.Count > 0)
                sb.AppendLine($"| steering by the discriminator (same ω, same noise) | {ds.Average(x => x.UnsteeredGoalDistance):F3} → {ds.Average(x => x.DiscriminatorSteeredGoalDistance):F3} cells | — |");
        }
        sb.AppendLine();
        sb.AppendLine("## Runs");
        sb.AppendLine();
        sb.AppendLine("| goal | seed | goal (x, y) | maximum (x, y) | distance | within a cell | nearest goal | discriminability (held-out / fit) | reward loss (train / held-out) | heatmap |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var x in r.Runs)
            sb.AppendLine($"| {x.Goal} | {x.Seed} | ({x.GoalX.ToString(inv)}, {x.GoalY.ToString(inv)}) | ({x.MaxX:F2}, {x.MaxY:F2}) | {x.Distance:F2} | {(x.Correct ? "yes" : "no")} | {(x.NearestGoal ? "yes" : "no")} | {100 * x.Discriminability:F1} % / {100 * x.DiscriminabilityTrain:F1} % | {x.FinalRewardLoss:G3} / {x.HeldOutRewardLoss:G3} | [png]({x.Heatmap}) |");
        sb.AppendLine();
        sb.AppendLine("## Diffusion models");
        sb.AppendLine();
        foreach (var (k, v) in r.DiffusionFinalLoss) sb.AppendLine($"- {k}: final training loss {v:G4}");
        foreach (var (k, v) in r.Episodes) sb.AppendLine($"- episodes {k}: {v[0]} training, {v[1]} held out");
        sb.AppendLine();
        sb.AppendLine("Loss curves: [losses.png](losses.png). Machine-readable results: [report.json](report.json); resolved configuration: [config.json](config.json).");
        sb.AppendLine();
        sb.AppendLine("## Time per stage");
        sb.AppendLine();
        foreach (var (k, v) in r.StageSeconds) sb.AppendLine($"- {k}: {v.ToString(inv)} s");
        sb.AppendLine($"- machine: {r.Machine}");
        return sb.ToString();
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

    private static void DrawLosses(IReadOnlyDictionary<string, LossCurve> curves, string path)
    {
        if (curves.Count == 0) return;
        var chart = new LineChart { Title = "training losses", XLabel = "step", YLabel = "loss", LogY = true, Width = 900, Height = 520 };
        int i = 0;
        foreach (var (name, curve) in curves)
            if (curve.Means.Count > 0)
                chart.Add(new Series(name, curve.Steps, curve.Means, Color.Palette[i++ % Color.Palette.Count]));
        chart.SavePngAndSvg(path);
    }
}
