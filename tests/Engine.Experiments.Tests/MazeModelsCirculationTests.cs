using Engine.Autodiff;
using Engine.Diffusion;
using Engine.Experiments.Maze2D;
using Engine.NN;
using Engine.Rewards.Extraction;
using Xunit.Abstractions;

namespace Engine.Experiments.Tests;

/// <summary>
/// Definition 4.2 / Proposition 4.3 on the models of a finished `engine maze2d` run (issue 21; the run is trained once,
/// <see cref="MazeRunFixture"/>): the difference of the two trained diffusion models' posterior means,
/// v(x) = μ_E(x, t) − μ_B(x, t), circulates around small closed loops — it is not a gradient field — while the gradient
/// of the learned relative reward, ∇ₓρ(x, t), does not, to rounding; and the alignment residual v − ∇ρ keeps all of
/// v's non-conservative part (the weak form of "the residual is the non-conservative part").
/// </summary>
/// <remarks>
/// The loops are pentagons of radius 0.5 in random 2-D planes of the flattened trajectory space (H·C = 96 dimensions),
/// around standard-normal points (where x_t lies at the noisier steps). The line integral is composite 4-point
/// Gauss–Legendre over pieces ≤ 0.05 long; "relative circulation" is |∮ F·dx| / ∮ |F·dx| over the same nodes, 0 for a
/// gradient up to quadrature and rounding (the models are evaluated in float64). A grid projection in 96 dimensions is
/// impossible, so the residual is checked against a family of test gradients instead (<see cref="TestGradientFit"/>).
/// </remarks>
public sealed class MazeModelsCirculationTests(MazeRunFixture run, ITestOutputHelper output) : IClassFixture<MazeRunFixture>
{
    private const int Loops = 8;

    [Fact]
    public void The_models_difference_circulates_and_the_learned_reward_gradient_does_not()
    {
        int h = run.Config.Diffusion.Horizon;
        var rng = new Generator(21);
        var models = new List<double>();
        var gradients = new List<double>();
        for (int i = 0; i < Loops; i++)
        {
            int t = 2 + i % 3; // steps 2–4 of 5
            var loop = RandomLoop(rng, h * Maze2DData.TransitionDim);
            models.Add(RelativeCirculation(points => MeanDifference(run.Base, run.Expert, points, t, h), loop));
            gradients.Add(RelativeCirculation(points => RewardGradient(run.Reward, points, t, h), loop));
        }
        double modelMedian = Median(models), gradientMax = gradients.Max();
        output.WriteLine($"relative circulation of μ_E − μ_B: {string.Join(", ", models.Select(m => m.ToString("G3")))}; of ∇ρ: {string.Join(", ", gradients.Select(m => m.ToString("G3")))}");
        Assert.True(modelMedian > 1e-3, $"μ_E − μ_B barely circulates: median relative circulation {modelMedian:G3} ({string.Join(", ", models.Select(m => m.ToString("G3")))})");
        Assert.True(gradientMax < 1e-4, $"∇ρ circulates: relative circulation up to {gradientMax:G3} ({string.Join(", ", gradients.Select(m => m.ToString("G3")))})");
    }

    /// <summary>
    /// Proposition 4.3 in its weak form on the run's models. The alignment residual is r = v − ∇ρ, with v = μ_E − μ_B at
    /// x_t and ∇ρ at y = μ_B(x_t) (where the trainer differentiates ρ), drawn as the trainer draws them (a base training
    /// window, t uniform, x_t = √ᾱ_t x₀ + √(1 − ᾱ_t) ε). With P the least-squares fit by the test gradients of
    /// <see cref="TestGradientFit"/> (all quadratics and 300 random cosine ridges in y, fitted step by step on one sample,
    /// scored on a held-out one), U(F) = E‖F − P F‖² is the energy of F that no test gradient removes, the family's
    /// estimate of F's non-conservative part. Checked: U(r) = U(v) within 5% (the trained reward removed only gradient
    /// energy, so r still carries all of v's non-conservative part), while E‖r‖² &lt; 3/4 E‖v‖² (the reward did remove
    /// energy; otherwise the first check is vacuous). The rest of r, E‖P r‖², is the trainer's error as the family sees it
    /// (a lower bound on Definition 4.4's ε), reported. Negative controls: a reward "gradient" with an added rotation
    /// (K y, K antisymmetric, sized like ∇ρ) fails the 5% rule; a known gradient ∇ψ (random quadratic sized like v) added to
    /// r is found, more than 90% of ‖∇ψ‖² removed. Reach of the family: it fits the reward's own gradient ∇ρ (a gradient
    /// it was not built from) to more than 90% of its held-out energy.
    /// </summary>
    [Fact]
    public void The_alignment_residual_keeps_all_of_the_non_conservative_part_and_loses_only_gradient_energy()
    {
        int h = run.Config.Diffusion.Horizon, steps = run.Base.Steps;
        int d = h * Maze2DData.TransitionDim;
        var source = new DataAlignmentSource(run.Base, run.Expert, [run.Data.BaseTrain], DType.Float64);
        var g = new Generator(2121);
        var fitSet = Draw(source, g, FitPoints);
        var heldOut = Draw(source, g, FitPoints);
        var residualFit = Residual(run.Reward, fitSet, h);
        var residualHeld = Residual(run.Reward, heldOut, h);
        double removedByReward = Energy(fitSet.Select(s => s.V).ToArray()) - Energy(residualFit);

        // Controls: ψ a random quadratic, ∇ψ sized like v; a rotation K y sized like what the reward removed.
        var psi = Linear(g, d, symmetric: true);
        double psiScale = Math.Sqrt(Energy(fitSet.Select(s => s.V).ToArray()) / Energy(fitSet.Select(s => psi(s.Y)).ToArray()));
        var rotation = Linear(g, d, symmetric: false);
        double rotationScale = Math.Sqrt(Math.Max(removedByReward, 0) / Energy(fitSet.Select(s => rotation(s.Y)).ToArray()));
        double[][] Plus(double[][] field, Sample[] at, Func<double[], double[]> extra, double scale) =>
            field.Select((f, i) => f.Zip(extra(at[i].Y), (p, q) => p + scale * q).ToArray()).ToArray();

        var fields = new (string Name, double[][] Fit, double[][] Held)[]
        {
            ("v", fitSet.Select(s => s.V).ToArray(), heldOut.Select(s => s.V).ToArray()),
            ("r", residualFit, residualHeld),
            ("r − Ky", Plus(residualFit, fitSet, rotation, -rotationScale), Plus(residualHeld, heldOut, rotation, -rotationScale)),
            ("r + ∇ψ", Plus(residualFit, fitSet, psi, psiScale), Plus(residualHeld, heldOut, psi, psiScale)),
            ("∇ρ", Gradient(fitSet, residualFit), Gradient(heldOut, residualHeld)),
        };
        var left = new double[fields.Length];
        var energy = new double[fields.Length];
        var trace = new List<string>();
        for (int t = 0; t < steps; t++)
        {
            var fitRows = Enumerable.Range(0, fitSet.Length).Where(i => fitSet[i].T == t).ToArray();
            var heldRows = Enumerable.Range(0, heldOut.Length).Where(i => heldOut[i].T == t).ToArray();
            var yFit = fitRows.Select(i => fitSet[i].Y).ToArray();
            var yHeld = heldRows.Select(i => heldOut[i].Y).ToArray();
            var line = new List<string>();
            for (int f = 0; f < fields.Length; f++)
            {
                var held = heldRows.Select(i => fields[f].Held[i]).ToArray();
                // The same family (same ridges) for every field at this step, so U(r) and U(v) are comparable.
                var fit = TestGradientFit.Fit(yFit, fitRows.Select(i => fields[f].Fit[i]).ToArray(), Ridges, new Generator(100 + (ulong)t));
                double e = Energy(held), l = (1 - fit.RemovedShare(yHeld, held)) * e;
                left[f] += l; energy[f] += e;
                line.Add($"{fields[f].Name} {l / heldRows.Length:G3}/{e / heldRows.Length:G3}");
            }
            trace.Add($"t={t}: {string.Join(", ", line)}");
        }
        double psiEnergy = psiScale * psiScale * Energy(heldOut.Select(s => psi(s.Y)).ToArray());
        double psiFound = (energy[3] - left[3] - (energy[1] - left[1])) / psiEnergy;
        double rewardFound = 1 - left[4] / energy[4];
        double Change(int f) => Math.Abs(left[f] - left[0]) / left[0];
        string all = $"U(r)/U(v) − 1 = {left[1] / left[0] - 1:G3}, U(r − Ky)/U(v) − 1 = {left[2] / left[0] - 1:G3}; E‖r‖²/E‖v‖² = {energy[1] / energy[0]:G3}; " +
            $"gradient share of r (trainer's error) {1 - left[1] / energy[1]:G3}, of v {1 - left[0] / energy[0]:G3}; ∇ψ found {psiFound:G3}, ∇ρ found {rewardFound:G3} (per step, U/E per point: {string.Join("; ", trace)})";
        output.WriteLine(all);
        Assert.True(energy[1] < 0.75 * energy[0], $"the reward removed too little of v for the check to mean anything: {all}");
        Assert.True(Change(1) <= 0.05, $"r lost (or gained) non-conservative energy: {all}");
        Assert.True(Change(2) > 0.05, $"negative control: removing a rotation passes the rule: {all}");
        Assert.True(psiFound > 0.9, $"negative control: the test gradients miss a known gradient: {all}");
        Assert.True(rewardFound > 0.9, $"the test gradients miss the reward's own gradient, which is not in the family: {all}");
    }

    private const int FitPoints = 3000, Ridges = 300;

    private sealed record Sample(double[] Y, double[] V, int T);

    /// <summary>n draws as the trainer makes them: y = μ_B(x_t, t) and v = μ_E − μ_B at x_t, flattened to H·C.</summary>
    private static Sample[] Draw(DataAlignmentSource source, Generator g, int n)
    {
        var samples = new List<Sample>();
        for (int done = 0; done < n; done += 500)
        {
            var batch = source.Next(g, Math.Min(500, n - done));
            int m = batch.Size;
            var y = Rows(batch.MeanBase.ToArrayDouble(), m);
            var v = Rows((batch.MeanExpert - batch.MeanBase).ToArrayDouble(), m);
            for (int i = 0; i < m; i++) samples.Add(new Sample(y[i], v[i], batch.T[i]));
        }
        return [.. samples];
    }

    /// <summary>r = v − ∇_y ρ(y, t) at each sample, through the production <see cref="GradientAlignment.RewardGradient"/>.</summary>
    private static double[][] Residual(StridedWindowReward reward, Sample[] samples, int h)
    {
        var result = new List<double[]>();
        for (int done = 0; done < samples.Length; done += 500)
        {
            var chunk = samples.Skip(done).Take(500).ToArray();
            var (_, _, grad) = GradientAlignment.RewardGradient(reward, Batch([.. chunk.Select(s => s.Y)], h), [.. chunk.Select(s => s.T)]);
            var rows = Rows(grad.ToArrayDouble(), chunk.Length);
            result.AddRange(chunk.Select((s, i) => s.V.Zip(rows[i], (a, b) => a - b).ToArray()));
        }
        return [.. result];
    }

    /// <summary>y ↦ A y + b, A = (M ± Mᵀ)/√(2d) for M standard normal: symmetric (∇ of ½yᵀAy + b·y) or antisymmetric (a rotation, b = 0).</summary>
    private static Func<double[], double[]> Linear(Generator g, int d, bool symmetric)
    {
        var m = Enumerable.Range(0, d).Select(_ => Enumerable.Range(0, d).Select(_ => g.NextNormal()).ToArray()).ToArray();
        double sign = symmetric ? 1 : -1;
        var a = Enumerable.Range(0, d).Select(i => Enumerable.Range(0, d).Select(j => (m[i][j] + sign * m[j][i]) / Math.Sqrt(2 * d)).ToArray()).ToArray();
        var b = Enumerable.Range(0, d).Select(_ => symmetric ? g.NextNormal() : 0).ToArray();
        return y => a.Select((row, i) => row.Zip(y, (p, q) => p * q).Sum() + b[i]).ToArray();
    }

    /// <summary>∇ρ = v − r at each sample.</summary>
    private static double[][] Gradient(Sample[] samples, double[][] residual) =>
        samples.Select((s, i) => s.V.Zip(residual[i], (a, b) => a - b).ToArray()).ToArray();

    private static double Energy(double[][] field) => field.Sum(row => row.Sum(v => v * v));

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
        Tensor.FromArray(points.SelectMany(p => p).ToArray(), points.Length, h, Maze2DData.TransitionDim);

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
