using Engine.Diffusion;
using Engine.Rewards.Extraction;
using Engine.Testing;
using Engine.Theory.Tests.Support;
using FsCheck;

namespace Engine.Theory.Tests;

/// <summary>
/// Definition 4.2 and Proposition 4.3 on trained models: two diffusion models of two different 2-D distributions,
/// trained by the production <see cref="DiffusionTrainer"/> (<see cref="PlaneDiffusion"/>), and the production
/// <see cref="RelativeRewardTrainer"/> trained on the difference of their posterior means, v = μ_E − μ_B (the target
/// of the reward loss). Exact scores differ by a gradient; trained ones need not, and here they do not.
/// </summary>
public class Proposition43TrainedDiffusionTests
{
    private const int Steps = 20;

    /// <summary>
    /// For a random base mixture and a random expert mixture (1–3 components each), two <see cref="PlaneDenoiser"/>
    /// models (16 hidden units) trained 300 steps each: (i) v = μ_E − μ_B has circulation around small random closed
    /// polygons (radius ≤ 0.3, centred on draws of q_t^B) at three diffusion steps, clearly non-zero relative to its size:
    /// the relative circulation κ = |∮v·dx| / (perimeter · rms‖v‖), averaged over 8 loops, exceeds 1e-4 at every step,
    /// so v is not a gradient (Definition 4.2). (ii) At one step t, the <see cref="RelativeRewardTrainer"/> (600 steps) gives
    /// a ∇ₓρ whose κ on fresh loops is at rounding (&lt; 1e-9; the rule of (i) rejects it, its negative control), and the
    /// alignment residual v − ∇ρ carries all of v's circulation (to 1e-6 relative). (iii) The residual is the
    /// non-conservative part plus the trainer's error, orthogonally: ε = ‖∇ρ − h‖²_q (h the q_t-weighted projection on a
    /// 40×40 grid) falls below 1/4 of its start, and the trainer's residual E_q‖∇ρ − v‖² (Monte Carlo) equals
    /// ‖v − h‖²_q + ε (Pythagoras) within 5.5 standard errors plus 5% for the grid.
    /// </summary>
    /// <remarks>
    /// The non-conservative part of a trained pair is small: ‖v − h‖²_q is 1e-5 to 1e-3 of ‖v‖²_q in the seeds tried, the
    /// same order as the trainer's ε after 600 steps, so "∇ρ is closer to h than v is" is asserted only for the
    /// synthetic rotational error of <see cref="Proposition43TrainedProjectionTests"/>, not here.
    /// </remarks>
    [EngineProperty(MaxTest = 2)]
    public void Trained_models_mean_difference_is_not_conservative_and_the_trained_reward_removes_exactly_its_gradient_part(DoNotSize<int> seed)
    {
        var rnd = new Normals(seed.Item);
        var g = new Generator((ulong)(uint)seed.Item);
        var baseData = NoisedMixture.Random(rnd);
        var expertData = NoisedMixture.Random(rnd);
        var baseModel = PlaneDiffusion.Train(baseData, rnd, g, Steps, trainSteps: 300, hidden: 16);
        var expertModel = PlaneDiffusion.Train(expertData, rnd, g, Steps, trainSteps: 300, hidden: 16);
        Func<double[][], double[][]> Field(int t) => points => MeanDifference.At(baseModel, expertModel, points, t, PlaneDiffusion.ObservationChannels);

        int[] times = [rnd.Int(1, 7), rnd.Int(7, 13), rnd.Int(13, Steps)];
        var trace = new List<string>();
        foreach (int t in times)
        {
            var q = baseData.Noised(baseModel.Schedule.AlphasCumprod[t]);
            var loops = Enumerable.Range(0, 8).Select(_ => { var c = q.Sample(rnd); return Polygon.RandomLoop(rnd, c[0], c[1], 0.3); }).ToArray();
            double kappa = loops.Average(loop => RelativeCirculation(Field(t), loop));
            trace.Add($"t={t}: κ(v)={kappa:E2}");
            Assert.True(IsCirculating(kappa), $"v looks conservative: {string.Join("; ", trace)}");
        }

        int step = times[0];
        var weight = baseData.Noised(baseModel.Schedule.AlphasCumprod[step]);
        var training = new ProjectionTraining(weight, Field(step), step, baseModel.Schedule, g);
        double residual = training.Residual;
        var errors = training.ErrorsAt(0, 600);
        var checkLoops = Enumerable.Range(0, 8).Select(_ => { var c = weight.Sample(rnd); return Polygon.RandomLoop(rnd, c[0], c[1], 0.3); }).ToArray();
        double kappaReward = checkLoops.Average(loop => RelativeCirculation(training.RewardGradient, loop));
        double kappaField = checkLoops.Average(loop => RelativeCirculation(Field(step), loop));
        double carried = checkLoops.Max(loop =>
        {
            double ofField = LineIntegral.Along(Field(step), loop);
            double ofResidual = LineIntegral.Along(p => Subtract(Field(step)(p), training.RewardGradient(p)), loop);
            return Math.Abs(ofResidual - ofField) / (1e-300 + Math.Abs(ofField));
        });
        trace.Add($"step {step}: κ(∇ρ)={kappaReward:E2}, κ(v)={kappaField:E2}, ∮(v − ∇ρ) vs ∮v rel. {carried:E2}, ε={errors[0]:E3} → {errors[1]:E3}, ‖v − h‖²={residual:E3}, ‖v‖²={training.Projection.Norm2(training.Projection.Field):E3}");
        string all = string.Join("; ", trace);
        Assert.True(kappaReward < 1e-9 && !IsCirculating(kappaReward), $"∇ρ circulates: {all}");
        Assert.True(carried < 1e-6, $"the residual v − ∇ρ does not carry v's circulation: {all}");
        Assert.True(errors[1] < 0.25 * errors[0], $"the trainer did not converge: {all}");

        var (mean, se) = training.AlignmentResidual(rnd, 3000);
        double pythagoras = residual + errors[1];
        Assert.True(Math.Abs(mean - pythagoras) <= GaussianMoments.Z * se + 0.05 * pythagoras, $"E‖∇ρ − v‖² = {mean} ± {se}, ‖v − h‖² + ε = {pythagoras}; {all}");
    }

    /// <summary>
    /// "Clearly non-zero relative to its size": κ above 1e-4. Trained pairs measured 8e-4 to 4e-2 over ~100 random seeds
    /// (loop radius 0.3); a gradient gives ~1e-16, so the threshold sits an order below the smallest seen.
    /// </summary>
    private static bool IsCirculating(double kappa) => kappa > 1e-4;

    /// <summary>κ = |∮F·dx| / (perimeter · rms ‖F‖ over the loop's vertices and edge midpoints): 0 for a gradient.</summary>
    internal static double RelativeCirculation(Func<double[][], double[][]> field, double[][] loop)
    {
        var probes = loop.SkipLast(1).SelectMany((a, i) => new[] { a, a.Zip(loop[i + 1], (u, w) => (u + w) / 2).ToArray() }).ToArray();
        double rms = Math.Sqrt(field(probes).Average(v => v[0] * v[0] + v[1] * v[1]));
        double perimeter = 0;
        for (int i = 0; i + 1 < loop.Length; i++) perimeter += Math.Sqrt(Math.Pow(loop[i + 1][0] - loop[i][0], 2) + Math.Pow(loop[i + 1][1] - loop[i][1], 2));
        return Math.Abs(LineIntegral.Along(field, loop)) / (perimeter * rms);
    }

    private static double[][] Subtract(double[][] a, double[][] b) => a.Select((row, i) => row.Zip(b[i], (x, y) => x - y).ToArray()).ToArray();
}
