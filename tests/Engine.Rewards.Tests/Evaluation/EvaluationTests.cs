using Engine.Rewards.Evaluation;
using Engine.Testing;

namespace Engine.Rewards.Tests.Evaluation;

public class EvaluationTests
{
    /// <summary>The paper's own interval: 125 of 160 runs is reported as 78.12 % ± 6.40 %.</summary>
    [Fact]
    public void Proportion_reproduces_the_papers_interval()
    {
        var p = new Proportion(125, 160);
        Assert.Equal(0.78125, p.Estimate, 10);
        // 1.96·√(0.78125·0.21875/160) = 0.06406, which the paper prints truncated as 6.40 %.
        Assert.InRange(p.HalfWidth, 0.0640, 0.0641);
        Assert.StartsWith("78.12 % ± 6.41 %", p.ToString());
    }

    [Fact]
    public void Winsorize_clips_the_tails_in_place_order()
    {
        var values = Enumerable.Range(0, 100).Select(i => (double)((i * 37) % 100)).ToArray();
        var w = Winsorize.Apply(values, 0.05, 0.05);
        for (int i = 0; i < 100; i++)
            Assert.Equal(Math.Clamp(values[i], 5, 94), w[i]);
        var unit = Winsorize.ToUnitRange(values, 0.05);
        Assert.Equal(0, unit.Min());
        Assert.Equal(1, unit.Max());
        Assert.Throws<ArgumentException>(() => Winsorize.Apply(values, 0.6, 0.5));
    }

    /// <summary>At the fitted point the penalised weighted log-loss is stationary: small moves only increase it.</summary>
    [EngineProperty(MaxTest = 20)]
    public bool Logistic_regression_minimises_its_objective(int seed)
    {
        var g = new Generator((ulong)seed);
        int n = 200;
        var label = Enumerable.Range(0, n).Select(i => i % 3 == 0).ToArray();
        var x = label.Select(l => g.NextNormal() + (l ? 0.8 : -0.3)).ToArray();
        var fit = LogisticRegression.Fit(x, label);
        double Objective(double w, double b)
        {
            int pos = label.Count(l => l);
            double total = 0.5 * w * w;
            for (int i = 0; i < n; i++)
            {
                double y = label[i] ? 1 : -1, s = label[i] ? n / (2.0 * pos) : n / (2.0 * (n - pos));
                total += s * Math.Log(1 + Math.Exp(-y * (w * x[i] + b)));
            }
            return total;
        }
        double best = Objective(fit.Weight, fit.Bias);
        foreach (var (dw, db) in new[] { (1e-3, 0.0), (-1e-3, 0.0), (0.0, 1e-3), (0.0, -1e-3), (1e-3, -1e-3) })
            if (Objective(fit.Weight + dw, fit.Bias + db) < best - 1e-12) return false;
        return true;
    }

    /// <summary>Balanced weights put the boundary between two unit Gaussians at ±1 midway, even at 9:1 imbalance.</summary>
    [Fact]
    public void Balanced_weights_ignore_class_imbalance()
    {
        var g = new Generator(3);
        var label = Enumerable.Range(0, 5000).Select(i => i % 10 == 0).ToArray();
        var x = label.Select(l => g.NextNormal() + (l ? 1.0 : -1.0)).ToArray();
        var fit = LogisticRegression.Fit(x, label);
        Assert.InRange(-fit.Bias / fit.Weight, -0.15, 0.15);
        // Theoretical balanced accuracy of the midpoint rule: Φ(1) ≈ 0.841.
        Assert.InRange(fit.BalancedAccuracy(x, label), 0.81, 0.87);
    }

    [Fact]
    public void Heatmap_bins_states_and_drops_sparse_bins()
    {
        var positions = new List<(double, double)>();
        var scores = new List<double>();
        for (int i = 0; i < 6; i++) { positions.Add((1.02, 2.03)); scores.Add(i % 2 == 0 ? 0.2 : 0.4); }
        for (int i = 0; i < 3; i++) { positions.Add((3.0, 1.0)); scores.Add(1.0); }
        var map = RewardHeatmap.Build(positions, scores, 5, 5);
        Assert.Equal(50, map.Reward.GetLength(0));
        // (1.02 + 0.5)·10 = 15.2 → bin 15; (2.03 + 0.5)·10 = 25.3 → bin 25.
        Assert.Equal(6, map.Counts[15, 25]);
        Assert.Equal(0.3, map.Reward[15, 25], 12);
        Assert.Equal(3, map.Counts[35, 15]);
        Assert.Equal(0.0, map.Reward[35, 15]);
        var (x, y) = map.ArgMax(map.Reward);
        Assert.Equal(1.05, x, 9);
        Assert.Equal(2.05, y, 9);
        // BinOf reads positions the way Build bins them, including the included right edge; outside (or NaN) is null.
        Assert.Equal((15, 25), map.BinOf(1.02, 2.03));
        Assert.Equal((35, 15), map.BinOf(3.0, 1.0));
        Assert.Equal((49, 0), map.BinOf(4.5, -0.5));
        Assert.Null(map.BinOf(4.5001, 1));
        Assert.Null(map.BinOf(1, -0.5001));
        Assert.Null(map.BinOf(double.NaN, 1));
    }

    [Fact]
    public void Smoothing_keeps_constants_and_goal_accuracy_finds_a_planted_peak()
    {
        var positions = new List<(double, double)>();
        var scores = new List<double>();
        var g = new Generator(5);
        (double X, double Y) goal = (3.0, 1.0);
        for (int i = 0; i < 20000; i++)
        {
            double px = g.NextDouble() * 5 - 0.5, py = g.NextDouble() * 5 - 0.5;
            positions.Add((px, py));
            double d2 = (px - goal.X) * (px - goal.X) + (py - goal.Y) * (py - goal.Y);
            scores.Add(Math.Exp(-d2) * 0.8 + 0.2 * g.NextDouble());
        }
        var map = RewardHeatmap.Build(positions, scores, 5, 5);
        Assert.True(GoalAccuracy.IsCorrect(map, goal));
        Assert.False(GoalAccuracy.IsCorrect(map, (0.0, 3.5)));
        var constant = RewardHeatmap.Build(positions, positions.Select(_ => 0.7).ToList(), 5, 5, minSamples: 0);
        var smooth = constant.Smoothed(2.0);
        for (int a = 0; a < 50; a++)
            for (int b = 0; b < 50; b++)
            {
                Assert.True(constant.Counts[a, b] > 0);
                Assert.Equal(0.7, smooth[a, b], 9);
            }
    }
}
