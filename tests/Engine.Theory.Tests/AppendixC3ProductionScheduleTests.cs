using Engine.Diffusion;
using Engine.Testing;
using Engine.Theory.Tests.Support;
using FsCheck;
using MathNet.Numerics.LinearAlgebra;

namespace Engine.Theory.Tests;

/// <summary>
/// Appendix C.3 on the engine's own diffusion: the production <see cref="DiffusionSchedule"/> (cosine β) and
/// <see cref="GaussianDiffusion"/>'s q(x_t | x₀) and q(x_{t−1} | x_t, x₀) against closed forms, and the
/// Lipschitz constant of the exact score of bounded data against the bound the appendix alludes to.
/// </summary>
public class AppendixC3ProductionScheduleTests
{
    /// <summary>
    /// The cosine schedule telescopes: while no β is clipped, ᾱ_t = Π_{k≤t}(1 − β_k) = f(t+1)/f(0) with
    /// f(k) = cos²((k/T + s)/(1 + s)·π/2). The production ᾱ_t equals that product formula, and the production
    /// posterior q(x_{t−1} | x_t, x₀) equals Bayes' rule in precision form,
    /// 1/σ̃² = α_t/β_t + 1/(1 − ᾱ_{t−1}), μ̃ = σ̃²(√α_t x_t/β_t + √ᾱ_{t−1} x₀/(1 − ᾱ_{t−1})), to rounding.
    /// </summary>
    [EngineProperty(MaxTest = 20)]
    public void Production_schedule_equals_the_telescoped_cosine_and_the_Bayes_posterior(DoNotSize<int> seed)
    {
        var rnd = new Normals(seed.Item);
        int steps = rnd.Int(5, 201);
        var schedule = DiffusionSchedule.Cosine(steps);
        double F(int k) => Math.Pow(Math.Cos(((double)k / steps + 0.008) / 1.008 * Math.PI / 2), 2);
        for (int t = 0; t < steps && schedule.Betas[t] < 0.999; t++)
            Assert.True(Math.Abs(schedule.AlphasCumprod[t] - F(t + 1) / F(0)) <= 1e-12, $"ᾱ_{t} = {schedule.AlphasCumprod[t]}, f({t + 1})/f(0) = {F(t + 1) / F(0)}");

        int batch = 8;
        var ts = Enumerable.Range(0, batch).Select(_ => rnd.Int(1, steps)).ToArray();
        var x0 = rnd.Vector(batch * 2);
        var xt = rnd.Vector(batch * 2, 2.0);
        var (mean, variance, _) = schedule.QPosterior(Tensor.FromArray(x0, batch, 1, 2), Tensor.FromArray(xt, batch, 1, 2), ts);
        var mu = mean.ToArrayDouble();
        var v = variance.ToArrayDouble();
        for (int b = 0; b < batch; b++)
        {
            int t = ts[b];
            double alpha = 1 - schedule.Betas[t], beta = schedule.Betas[t], prev = schedule.AlphasCumprodPrev[t];
            double post = 1 / (alpha / beta + 1 / (1 - prev));
            Assert.True(Math.Abs(v[b] - post) <= 1e-12 * post, $"σ̃² at t={t}: {v[b]} vs {post}");
            for (int c = 0; c < 2; c++)
            {
                double expected = post * (Math.Sqrt(alpha) * xt[2 * b + c] / beta + Math.Sqrt(prev) * x0[2 * b + c] / (1 - prev));
                Assert.True(Math.Abs(mu[2 * b + c] - expected) <= 1e-11 * (1 + Math.Abs(expected)), $"μ̃ at t={t}: {mu[2 * b + c]} vs {expected}");
            }
        }
    }

    /// <summary>
    /// Sampled through the engine: x_t = GaussianDiffusion.QSample(x₀, t, ε) has mean √ᾱ_t x₀ and variance
    /// 1 − ᾱ_t (ᾱ_t from the telescoped cosine); and with x_{t−1} ~ q(x_{t−1} | x₀) (QSample at t − 1) pushed
    /// one forward step, x_t = √α_t x_{t−1} + √β_t ξ, the residual x_{t−1} − μ̃ (μ̃ from QPosterior) has mean 0,
    /// variance σ̃²_t and is uncorrelated with x_t — the three facts that make N(μ̃, σ̃²) the conditional law.
    /// </summary>
    [EngineProperty(MaxTest = 6)]
    public void Sampled_engine_marginal_and_posterior_match_their_closed_forms(DoNotSize<int> seed)
    {
        var rnd = new Normals(seed.Item);
        int steps = rnd.Int(10, 101), t = rnd.Int(1, steps - 1), m = 4000;
        var diffusion = new GaussianDiffusion(new UnusedDenoiser(), horizon: 1, observationDim: 2, actionDim: 0, steps: steps);
        double ac = Math.Pow(Math.Cos(((double)(t + 1) / steps + 0.008) / 1.008 * Math.PI / 2), 2) / Math.Pow(Math.Cos(0.008 / 1.008 * Math.PI / 2), 2);
        var y = rnd.Vector(2);
        var g = new Generator((ulong)(uint)seed.Item);
        var x0 = Tensor.FromArray(Enumerable.Range(0, m).SelectMany(_ => y).ToArray(), m, 1, 2);
        var steps_t = Enumerable.Repeat(t, m).ToArray();

        var xt = diffusion.QSample(x0, steps_t, Tensor.RandN(g, [m, 1, 2], DType.Float64)).ToArrayDouble();
        for (int c = 0; c < 2; c++)
        {
            var xs = Column(xt, c);
            Assert.True(GaussianMoments.MeanMatches(xs, Math.Sqrt(ac) * y[c], 1 - ac), $"mean of q(x_t | x₀), coord {c}");
            Assert.True(GaussianMoments.VarianceMatches(xs, 1 - ac), $"variance of q(x_t | x₀), coord {c}");
        }

        var prev = diffusion.QSample(x0, Enumerable.Repeat(t - 1, m).ToArray(), Tensor.RandN(g, [m, 1, 2], DType.Float64));
        double beta = diffusion.Schedule.Betas[t];
        var next = prev * Math.Sqrt(1 - beta) + Tensor.RandN(g, [m, 1, 2], DType.Float64) * Math.Sqrt(beta);
        var (mean, _, _) = diffusion.QPosterior(x0, next, steps_t);
        var residual = (prev - mean).ToArrayDouble();
        var nextHost = next.ToArrayDouble();
        double posteriorVariance = 1 / ((1 - beta) / beta + 1 / (1 - diffusion.Schedule.AlphasCumprodPrev[t]));
        for (int c = 0; c < 2; c++)
        {
            var r = Column(residual, c);
            var x = Column(nextHost, c);
            Assert.True(GaussianMoments.MeanMatches(r, 0, posteriorVariance), $"E[x_(t−1) − μ̃], coord {c}");
            Assert.True(GaussianMoments.VarianceMatches(r, posteriorVariance), $"Var[x_(t−1) − μ̃] vs σ̃², coord {c}");
            Assert.True(GaussianMoments.CovarianceMatches(r, x, posteriorVariance, GaussianMoments.Variance(x), 0), $"Cov[x_(t−1) − μ̃, x_t], coord {c}");
        }
    }

    /// <summary>
    /// Appendix C.3's extension to bounded data. For data y₁…y_N inside a ball of radius R (about their
    /// centroid), pₜ = (1/N)Σᵢ N(√ᾱ yᵢ, σ² I) with σ² = 1 − ᾱ, and its score has Jacobian
    /// J = −I/σ² + (ᾱ/σ⁴)·Cov_w(y) (w the posterior weights of the yᵢ), so 0 ≼ Cov_w ≼ R² I gives
    /// ‖J‖ ≤ L_t = max(1/σ², ᾱR²/σ⁴ − 1/σ²). The score is built from engine tensors (log-sum-exp) and
    /// differentiated by engine autodiff; J by a second reverse pass. Checked: J equals the closed form;
    /// ‖J(x)‖ ≤ L_t at random points and difference quotients of the score stay below L_t; L_t decreases in t
    /// (so L_ε bounds all t ≥ ε, the appendix's uniform constant); and both branches of L_t are attained —
    /// 1/σ² far from the data, ᾱR²/σ⁴ − 1/σ² at the midpoint of two antipodal data points (where, for n ≥ 2,
    /// ‖J‖ equals L_t: the bound is tight).
    /// </summary>
    [EngineProperty(MaxTest = 12)]
    public void Score_of_smoothed_bounded_data_is_Lipschitz_within_the_bound(DoNotSize<int> seed)
    {
        var rnd = new Normals(seed.Item);
        int n = rnd.Int(1, 4), count = rnd.Int(2, 9);
        var schedule = DiffusionSchedule.Cosine(rnd.Int(10, 101));
        int t = rnd.Int(0, schedule.Steps - 1);
        var data = Enumerable.Range(0, count).Select(_ => rnd.Vector(n).Select(v => Math.Clamp(v, -1, 1)).ToArray()).ToArray();
        var smoothed = new SmoothedEmpirical(data, schedule.AlphasCumprod[t]);
        double bound = smoothed.LipschitzBound();

        var points = Enumerable.Range(0, 24).Select(_ => rnd.Vector(n, 1.5)).ToArray();
        var (scores, jacobians) = smoothed.ScoreAndJacobian(points);
        for (int k = 0; k < points.Length; k++)
        {
            var closed = smoothed.ClosedFormJacobian(points[k]);
            double scale = (closed.L2Norm() + 1) * 1e-9;
            Assert.True((jacobians[k] - closed).L2Norm() <= scale, $"autodiff J vs closed form at point {k}: {jacobians[k]} vs {closed}");
            Assert.True(jacobians[k].L2Norm() <= bound * (1 + 1e-9), $"‖J‖ = {jacobians[k].L2Norm()} > L_t = {bound}");
        }
        for (int k = 0; k + 1 < points.Length; k += 2)
        {
            double quotient = Distance(scores[k], scores[k + 1]) / Distance(points[k], points[k + 1]);
            Assert.True(quotient <= bound * (1 + 1e-9), $"difference quotient {quotient} > L_t = {bound}");
        }
        for (int s = t + 1; s < schedule.Steps; s++)
            Assert.True(new SmoothedEmpirical(data, schedule.AlphasCumprod[s]).LipschitzBound() <= bound * (1 + 1e-12), $"L at step {s} exceeds L at step {t}");

        // Far from the data (10³σ away, in a few random directions) the weights sit on one point and J → −I/σ².
        var far = Enumerable.Range(0, 4).Select(_ =>
        {
            var d = rnd.Vector(n);
            double len = Math.Sqrt(d.Sum(v => v * v));
            return d.Select(v => v / len * (3 + 1e3 * smoothed.Sigma)).ToArray();
        }).ToArray();
        double farNorm = smoothed.ScoreAndJacobian(far).Jacobians.Max(j => j.L2Norm());
        Assert.True(farNorm >= (1 - 1e-3) / smoothed.Variance, $"far-field ‖J‖ = {farNorm}, 1/σ² = {1 / smoothed.Variance}");

        // Two antipodal points c ± R·u: at √ᾱ·c the weights are equal, Cov_w = R² uuᵀ, and uᵀJu = ᾱR²/σ⁴ − 1/σ²,
        // the upper end of J's spectrum in the bound — so the second branch of L_t is attained whenever it is the max.
        var centre = data[0];
        var u = rnd.Vector(n);
        double norm = Math.Sqrt(u.Sum(v => v * v)), radius = rnd.Uniform(0.2, 1.0);
        var unit = Vector<double>.Build.DenseOfEnumerable(u.Select(v => v / norm));
        var pair = new SmoothedEmpirical([centre.Select((c, i) => c + radius * unit[i]).ToArray(), centre.Select((c, i) => c - radius * unit[i]).ToArray()], smoothed.AlphaBar);
        var midJ = pair.ScoreAndJacobian([centre.Select(c => Math.Sqrt(pair.AlphaBar) * c).ToArray()]).Jacobians[0];
        double along = unit * midJ * unit;
        double upper = pair.AlphaBar * radius * radius / (pair.Variance * pair.Variance) - 1 / pair.Variance;
        Assert.True(Math.Abs(along - upper) <= 1e-8 * (1 + Math.Abs(upper)), $"uᵀJu at the midpoint = {along}, ᾱR²/σ⁴ − 1/σ² = {upper}");
        // With n ≥ 2 the directions ⟂ u keep the eigenvalue −1/σ², so ‖J‖ = max(1/σ², ᾱR²/σ⁴ − 1/σ²): L_t is attained.
        if (n >= 2)
            Assert.True(Math.Abs(midJ.L2Norm() - pair.LipschitzBound()) <= 1e-8 * pair.LipschitzBound(), $"midpoint ‖J‖ = {midJ.L2Norm()} vs L_t = {pair.LipschitzBound()}");
    }

    private static double[] Column(double[] flat, int c) => Enumerable.Range(0, flat.Length / 2).Select(i => flat[2 * i + c]).ToArray();

    private static double Distance(double[] a, double[] b) => Math.Sqrt(a.Select((v, i) => (v - b[i]) * (v - b[i])).Sum());

    /// <summary>The forward process never calls the network; a diffusion needs one to exist.</summary>
    private sealed class UnusedDenoiser : Engine.NN.ITrajectoryModel
    {
        public Tensor Forward(Tensor x, Tensor t) => throw new InvalidOperationException("the forward process does not call the denoiser");

        public IEnumerable<Engine.NN.Parameter> Parameters() => [];
    }
}
