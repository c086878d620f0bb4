using Engine.Autodiff;
using Engine.Diffusion;
using Engine.Experiments.Maze2D;
using Engine.NN;
using Xunit.Abstractions;

namespace Engine.Experiments.Tests;

/// <summary>
/// Definition 4.2 / Proposition 4.3 on the models of a finished `engine maze2d` run (issue 21): the difference of the
/// two trained diffusion models' posterior means, v(x) = μ_E(x, t) − μ_B(x, t), circulates around small closed loops —
/// it is not a gradient field — while the gradient of the learned relative reward, ∇ₓρ(x, t), does not, to rounding.
/// </summary>
/// <remarks>
/// The loops are pentagons of radius 0.5 in random 2-D planes of the flattened trajectory space (H·C = 96 dimensions),
/// around standard-normal points (where x_t lies at the noisier steps). The line integral is composite 4-point
/// Gauss–Legendre over pieces ≤ 0.05 long; "relative circulation" is |∮ F·dx| / ∮ |F·dx| over the same nodes, 0 for a
/// gradient up to quadrature and float32 rounding. What is not checked here: that the alignment residual v − ∇ρ is the
/// non-conservative part of v, which needs the weighted L² projection in 96 dimensions (the theory tests check it on
/// trained 2-D models, where the projection is computable on a grid).
/// </remarks>
public sealed class MazeModelsCirculationTests(ITestOutputHelper output)
{
    private const int Loops = 8;

    [Fact]
    public void The_models_difference_circulates_and_the_learned_reward_gradient_does_not()
    {
        var dir = Directory.CreateTempSubdirectory("engine-maze-circulation-").FullName;
        try
        {
            // Long enough training that both models and the reward have moved well away from their initialisation.
            var c = Maze2DPipelineTests.Tiny with
            {
                Diffusion = Maze2DPipelineTests.Tiny.Diffusion with { TrainSteps = 150 },
                Reward = Maze2DPipelineTests.Tiny.Reward with { TrainSteps = 150 },
                Discriminator = new Maze2DConfig.DiscriminatorSettings { Enabled = false },
                Evaluation = Maze2DPipelineTests.Tiny.Evaluation with { SteeringSamples = 0 },
                CheckpointEvery = 50,
            };
            new Maze2DExperiment(c, dir).Run();
            var goal = c.Goals[0];
            var baseModel = LoadDiffusion(c, Path.Combine(dir, "models", "base-seed0.safetensors"));
            var expertModel = LoadDiffusion(c, Path.Combine(dir, "models", $"expert-{goal.FileName}-seed0.safetensors"));
            var reward = LoadReward(c, Path.Combine(Maze2DExperiment.RunFolder(dir, goal, 0), "reward.safetensors"));
            int h = c.Diffusion.Horizon;

            var rng = new Generator(21);
            var models = new List<double>();
            var gradients = new List<double>();
            for (int i = 0; i < Loops; i++)
            {
                int t = 2 + i % 3; // steps 2–4 of 5
                var loop = RandomLoop(rng, h * Maze2DData.TransitionDim);
                models.Add(RelativeCirculation(points => MeanDifference(baseModel, expertModel, points, t, h), loop));
                gradients.Add(RelativeCirculation(points => RewardGradient(reward, points, t, h), loop));
            }
            double modelMedian = Median(models), gradientMax = gradients.Max();
            output.WriteLine($"relative circulation of μ_E − μ_B: {string.Join(", ", models.Select(m => m.ToString("G3")))}; of ∇ρ: {string.Join(", ", gradients.Select(m => m.ToString("G3")))}");
            Assert.True(modelMedian > 1e-3, $"μ_E − μ_B barely circulates: median relative circulation {modelMedian:G3} ({string.Join(", ", models.Select(m => m.ToString("G3")))})");
            Assert.True(gradientMax < 1e-4, $"∇ρ circulates: relative circulation up to {gradientMax:G3} ({string.Join(", ", gradients.Select(m => m.ToString("G3")))})");
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    private static GaussianDiffusion LoadDiffusion(Maze2DConfig c, string path)
    {
        var d = c.Diffusion;
        TemporalUnet Net() => new(d.Horizon, Maze2DData.TransitionDim, new Generator(0), d.Dim, d.DimMults, attentionSlots: false);
        var (model, ema) = (Net(), Net());
        TrainingCheckpoint.Load(path, model, ema, new Adam(model.Parameters(), 1e-3));
        // The run samples and makes its pairs with the EMA network; so does this check.
        return new GaussianDiffusion(ema, d.Horizon, Maze2DData.ObservationDim, Maze2DData.ActionDim, d.Steps,
            cosineSchedule: true, predictEpsilon: false, clipDenoised: true, actionWeight: 1);
    }

    private static StridedWindowReward LoadReward(Maze2DConfig c, string path)
    {
        var r = c.Reward;
        StridedWindowReward Net() => new(new SingleStepRewardMLP(r.WindowHorizon, Maze2DData.TransitionDim, new Generator(0), r.Dim, r.EmbedDim, r.DimMults, () => new Mish()), r.WindowHorizon);
        var (model, ema) = (Net(), Net());
        TrainingCheckpoint.Load(path, model, ema, new Adam(model.Parameters(), 1e-3));
        return ema;
    }

    /// <summary>v = μ_E − μ_B at each flattened point: [M][H·C] → [M][H·C].</summary>
    private static double[][] MeanDifference(GaussianDiffusion b, GaussianDiffusion e, double[][] points, int t, int h)
    {
        var x = Batch(points, h);
        var steps = Enumerable.Repeat(t, points.Length).ToArray();
        using var _ = Autograd.NoGrad();
        return Rows((e.PMeanVariance(x, steps).Mean - b.PMeanVariance(x, steps).Mean).ToArrayDouble(), points.Length);
    }

    /// <summary>∇ₓρ(x, t) of the reward (summed over the batch, so each row is its own point's gradient).</summary>
    private static double[][] RewardGradient(StridedWindowReward reward, double[][] points, int t, int h)
    {
        var x = Batch(points, h).RequiresGrad();
        var steps = Tensor.FromArray(Enumerable.Repeat(t, points.Length).ToArray(), points.Length);
        reward.Forward(x, steps).Sum().Backward();
        return Rows(x.Grad!.ToArrayDouble(), points.Length);
    }

    private static Tensor Batch(double[][] points, int h) =>
        Tensor.FromArray(points.SelectMany(p => p).Select(v => (float)v).ToArray(), points.Length, h, Maze2DData.TransitionDim);

    private static double[][] Rows(double[] flat, int m) =>
        Enumerable.Range(0, m).Select(i => flat.AsSpan(i * (flat.Length / m), flat.Length / m).ToArray()).ToArray();

    /// <summary>A closed pentagon (first vertex repeated) of radius 0.5 in a random plane through a standard-normal point.</summary>
    private static double[][] RandomLoop(Generator g, int n)
    {
        var center = Enumerable.Range(0, n).Select(_ => g.NextNormal()).ToArray();
        var u = Unit(Enumerable.Range(0, n).Select(_ => g.NextNormal()).ToArray());
        var w = Enumerable.Range(0, n).Select(_ => g.NextNormal()).ToArray();
        double dot = u.Zip(w, (a, b) => a * b).Sum();
        w = Unit(w.Select((v, i) => v - dot * u[i]).ToArray());
        double phase = 2 * Math.PI * g.NextDouble();
        var loop = Enumerable.Range(0, 6).Select(k =>
        {
            double a = phase + 2 * Math.PI * k / 5;
            return center.Select((v, i) => v + 0.5 * (Math.Cos(a) * u[i] + Math.Sin(a) * w[i])).ToArray();
        }).ToArray();
        return loop;
    }

    private static double[] Unit(double[] v)
    {
        double norm = Math.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }

    /// <summary>|∮ F·dx| / ∮ |F·dx| along the closed polygon, composite 4-point Gauss–Legendre.</summary>
    private static double RelativeCirculation(Func<double[][], double[][]> field, double[][] loop)
    {
        double[] nodes = [-0.8611363115940526, -0.3399810435848563, 0.3399810435848563, 0.8611363115940526];
        double[] weights = [0.3478548451374538, 0.6521451548625461, 0.6521451548625461, 0.3478548451374538];
        var points = new List<double[]>();
        var steps = new List<(double[] Dx, double Weight)>();
        for (int s = 0; s + 1 < loop.Length; s++)
        {
            var (a, b) = (loop[s], loop[s + 1]);
            double length = Math.Sqrt(a.Zip(b, (p, q) => (q - p) * (q - p)).Sum());
            int pieces = (int)Math.Ceiling(length / 0.05);
            for (int k = 0; k < pieces; k++)
            {
                var from = a.Select((p, i) => p + (b[i] - p) * k / pieces).ToArray();
                var dx = a.Select((p, i) => (b[i] - p) / pieces).ToArray();
                for (int q = 0; q < 4; q++)
                {
                    double sq = (nodes[q] + 1) / 2;
                    points.Add(from.Select((p, i) => p + sq * dx[i]).ToArray());
                    steps.Add((dx, weights[q] / 2));
                }
            }
        }
        var values = field([.. points]);
        double net = 0, total = 0;
        for (int j = 0; j < values.Length; j++)
        {
            double work = steps[j].Weight * values[j].Zip(steps[j].Dx, (f, d) => f * d).Sum();
            net += work;
            total += Math.Abs(work);
        }
        return Math.Abs(net) / total;
    }

    private static double Median(List<double> xs)
    {
        var s = xs.Order().ToArray();
        return (s[(s.Length - 1) / 2] + s[s.Length / 2]) / 2;
    }
}
