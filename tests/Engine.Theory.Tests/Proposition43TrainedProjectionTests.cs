using Engine.Diffusion;
using Engine.NN;
using Engine.Rewards.Extraction;
using Engine.Testing;
using Engine.Theory.Tests.Support;
using FsCheck;

namespace Engine.Theory.Tests;

/// <summary>
/// Proposition 4.3 and Definition 4.4 on the production trainer: the <see cref="RelativeRewardTrainer"/> with the
/// maze reward network (<see cref="SingleStepRewardMLP"/>) drives ∇ₓρ towards the q_t-weighted L² projection of
/// the alignment target onto gradient fields, which a discrete Helmholtz–Hodge decomposition computes independently.
/// </summary>
/// <remarks>
/// The exact scores of two mixtures differ by a gradient, ∇ log(q_t^E/q_t^B), so on exact scores the projection
/// is the identity. What makes Proposition 4.3 bite is an imperfect model: the expert's "score" here carries a
/// rotational error r (<see cref="RotationalBump"/>), and the target v = s_E − s_B + r is not conservative.
/// </remarks>
public class Proposition43TrainedProjectionTests
{
    /// <summary>
    /// For a random base mixture and an expert mixture perturbed from it (means moved, spreads rescaled), at a random step t of the production cosine schedule (T = 20): with
    /// h the q_t^B-weighted projection of v (grid of 40×40 cells, CG) and ε(n) = ‖∇ρ − h‖²_q after n trainer
    /// steps, ε falls over the first 50 steps and by 300 steps is below 1/2 of ‖v − h‖²_q
    /// (so ∇ρ is the projection, not some other gradient); v − h is a substantial
    /// part of v (so the case is not conservative); and the trainer's own residual ‖∇ρ − v‖²_q, estimated by Monte
    /// Carlo from q_t^B, equals ‖v − h‖²_q + ‖∇ρ − h‖²_q from the grid (Pythagoras: the part of v that no ρ can
    /// fit is the non-conservative part), within 5.5 standard errors plus 5% for the grid's quadrature.
    /// </summary>
    [EngineProperty(MaxTest = 2)]
    public void Trained_reward_gradient_converges_to_the_weighted_projection(DoNotSize<int> seed)
    {
        var rnd = new Normals(seed.Item);
        var (schedule, t, baseQ, target) = RotationalTarget(rnd);
        var training = new ProjectionTraining(baseQ, ClosedFormAlignmentSource.Batched(target), t, schedule, new Generator((ulong)(uint)seed.Item));
        var projection = training.Projection;
        double residual = training.Residual;
        Assert.True(residual >= 0.02 * projection.Norm2(projection.Field), $"v is nearly conservative: ‖v − h‖² = {residual}, ‖v‖² = {projection.Norm2(projection.Field)}");

        var errors = training.ErrorsAt(0, 50, 300);
        string trace = $"ε = [{string.Join(", ", errors.Select(e => e.ToString("G4")))}], ‖v − h‖² = {residual:G4}";
        // Past ~100 steps ε sits at Adam's minibatch noise floor, where successive checkpoints may go either way;
        // what must hold is the fall from the start and that ρ ends far closer to h than v is. "Below 1/4 of its start"
        // was dropped: over 64 random cases ε(300)/ε(0) exceeded 1/4 in 4 (slow runs, up to 0.63), while
        // ε(300)/‖v − h‖² stayed at most 0.46.
        Assert.True(errors[1] < errors[0], $"ε does not decrease: {trace}");
        Assert.True(errors[2] < 0.5 * residual, $"∇ρ is not closer to h than v is: {trace}");

        var (mean, se) = training.AlignmentResidual(rnd, 3000);
        double pythagoras = residual + errors[2];
        Assert.True(Math.Abs(mean - pythagoras) <= GaussianMoments.Z * se + 0.05 * pythagoras,
            $"E‖∇ρ − v‖² = {mean} ± {se}, ‖v − h‖² + ‖∇ρ − h‖² = {pythagoras}; {trace}");
    }

    /// <summary>
    /// Definition 4.4's ε after a fixed budget depends on the reward network's width. For each of 12 random cases as
    /// above, ε = ‖∇ρ − h‖²_q after 600 trainer steps (Adam, lr 1e-3) is averaged over 2 initialisations and batch
    /// streams, for two hidden layers of 4 units and of 32; the geometric mean over the cases of ε(4)/ε(32) exceeds 1.5
    /// — Proposition 4.3's "for any ε there is a Φ" needs capacity. Negative control: the same statistic on the same
    /// networks before training (step 0, where width has had no chance to matter) is rejected.
    /// </summary>
    /// <remarks>
    /// Why 12 cases: one case alone is noisy. Over 300 fresh single cases (seeds from FsCheck, this property's
    /// <see cref="WidthCase"/>) the ratio ranged from 0.35 to 88 (median 4.6; log-ratio mean 1.54, sd 1.08), below
    /// 1.5 in 15% and below 1 in 7%. Resampling those
    /// 300 log-ratios, the geometric mean of 4 cases (the former size) falls below 1.5 in 1.4% of draws, of 8 in 0.08%, of
    /// 12 in 6e-5 (normal approximation: 1.4e-4); that is the false-alarm rate of a fresh seed now. The untrained ratio
    /// stayed within 0.73–1.15 (log sd 0.03): the control never passes 1.5. Under CI the seed is fixed.
    /// lr 1e-3, not the 3e-3 of the property above: at 3e-3 some runs of either width stall with ∇ρ ≈ 0 (ε stuck near
    /// ‖h‖²_q). The maze network ends in Linear(→1), Mish, Linear(1→1) (a quirk of the reference), and Mish′ vanishes at
    /// z ≈ −1.19 and decays below it, so a large early step can park the scalar pre-activation where ∇ρ dies; such
    /// stalls hit wide networks as often as narrow ones and would hide the capacity effect.
    /// </remarks>
    [EngineProperty(MaxTest = 1)]
    public void Projection_error_after_a_fixed_budget_falls_from_a_narrow_to_a_wide_network(DoNotSize<int> seed)
    {
        var rnd = new Normals(seed.Item);
        var cases = Enumerable.Range(0, Cases).Select(c => WidthCase(rnd, seed.Item, c)).ToArray();
        double trained = Math.Exp(cases.Average(c => c.LogRatioTrained)), untrained = Math.Exp(cases.Average(c => c.LogRatioUntrained));
        string all = $"geometric-mean ratio ε(4)/ε(32): after {Budget} steps {trained:G3}, untrained {untrained:G3}; {string.Join("; ", cases.Select(c => c.Trace))}";
        Assert.True(IsClearlyLarger(trained), all);
        Assert.False(IsClearlyLarger(untrained), $"negative control (untrained): {all}");
    }

    /// <summary>
    /// Case <paramref name="c"/> of the width property: a random target (<see cref="RotationalTarget"/>), ε at steps 0 and
    /// <see cref="Budget"/> averaged over <see cref="Runs"/> runs for widths 4 and 32; returns log ε(4)/ε(32) at both.
    /// </summary>
    internal static (double LogRatioTrained, double LogRatioUntrained, string Trace) WidthCase(Normals rnd, int seed, int c)
    {
        var (schedule, t, baseQ, target) = RotationalTarget(rnd);
        var field = ClosedFormAlignmentSource.Batched(target);
        var (lo, hi) = baseQ.Box();
        var projection = new WeightedProjection(field, baseQ.Density, lo, hi, cells: 40);
        // ε at steps 0 and Budget, averaged over the runs.
        double[] MeanErrors(int width, int firstRun)
        {
            var runs = Enumerable.Range(firstRun, Runs).Select(run =>
                new ProjectionTraining(baseQ, field, t, schedule, new Generator((ulong)(uint)seed * 64 + (ulong)run), width, projection, learningRate: 1e-3)
                    .ErrorsAt(0, Budget)).ToArray();
            return [runs.Average(e => e[0]), runs.Average(e => e[1])];
        }
        var narrow = MeanErrors(4, Runs * 2 * c);
        var wide = MeanErrors(32, Runs * (2 * c + 1));
        return (Math.Log(narrow[1] / wide[1]), Math.Log(narrow[0] / wide[0]), $"ε width 4: {narrow[0]:G3} → {narrow[1]:G3}, width 32: {wide[0]:G3} → {wide[1]:G3}");
    }

    private const int Cases = 12, Runs = 2, Budget = 600;

    /// <summary>The width property's acceptance rule: the narrow network's error is more than 1.5 times the wide one's.</summary>
    private static bool IsClearlyLarger(double ratio) => ratio > 1.5;

    /// <summary>
    /// The test case of Proposition 4.3 with an imperfect expert: a random base mixture, an expert mixture perturbed from
    /// it, a random step t ∈ [2, 9) of the cosine schedule (T = 20), and v = s_E − s_B + r at t, with r a
    /// <see cref="RotationalBump"/> around one of the base's noised means. Returns the schedule, t, q_t^B and v.
    /// </summary>
    private static (DiffusionSchedule Schedule, int Step, NoisedMixture BaseQ, Func<double, double, (double X, double Y)> Target) RotationalTarget(Normals rnd)
    {
        var schedule = DiffusionSchedule.Cosine(20);
        int t = rnd.Int(2, 9);
        double alphaBar = schedule.AlphasCumprod[t];
        var baseData = NoisedMixture.Random(rnd);
        var baseQ = baseData.Noised(alphaBar);
        var expertQ = baseData.Perturbed(rnd).Noised(alphaBar);
        var centre = baseQ.Means[rnd.Int(0, baseQ.Means.Length)];
        var unitBump = new RotationalBump(centre[0], centre[1], rnd.Uniform(0.5, 0.8), 1.0);
        // The rotational error is sized against the conservative part (E_q‖s_E − s_B‖² vs E_q‖r‖² for unit strength),
        // so neither part swamps the other whatever the mixtures' separation.
        var probe = Enumerable.Range(0, 500).Select(_ => baseQ.Sample(rnd)).ToArray();
        double scoreEnergy = probe.Average(x => Squared(Subtract(expertQ.Score(x[0], x[1]), baseQ.Score(x[0], x[1]))));
        double bumpEnergy = probe.Average(x => Squared(unitBump.At(x[0], x[1])));
        var error = unitBump with { Strength = rnd.Uniform(0.7, 1.5) * Math.Sqrt(scoreEnergy / bumpEnergy) };
        return (schedule, t, baseQ, Target);

        (double X, double Y) Target(double x, double y)
        {
            var (ex, ey) = expertQ.Score(x, y);
            var (bx, by) = baseQ.Score(x, y);
            var (rx, ry) = error.At(x, y);
            return (ex - bx + rx, ey - by + ry);
        }
    }

    private static (double X, double Y) Subtract((double X, double Y) a, (double X, double Y) b) => (a.X - b.X, a.Y - b.Y);

    private static double Squared((double X, double Y) a) => a.X * a.X + a.Y * a.Y;
}
