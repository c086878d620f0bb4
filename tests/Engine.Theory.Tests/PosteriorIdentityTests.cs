using Engine.Testing;
using Engine.Theory.Tests.Support;
using FsCheck;

namespace Engine.Theory.Tests;

/// <summary>
/// Identities of the discrete DDPM posterior that the method relies on (Section 4.3 and Appendix E.1.5:
/// the reward gradient is aligned with the difference of the two models' posterior means).
/// </summary>
public class PosteriorIdentityTests
{
    /// <summary>
    /// Reference values of the cosine schedule (docs/reference-facts.md §7, float64): T = 20 betas, ᾱ₀, ᾱ₁₉;
    /// T = 100: β₀, β₉₉, ᾱ₀, ᾱ₉₉. Pins the schedule the other properties use.
    /// </summary>
    [Fact]
    public void Cosine_schedule_matches_reference_values()
    {
        double[] beta20 = [0.007993, 0.020075, 0.032254, 0.044681, 0.057520, 0.070957, 0.085210, 0.100547, 0.117304, 0.135922,
            0.156997, 0.181359, 0.210212, 0.245372, 0.289725, 0.348137, 0.429434, 0.551024, 0.748476, 0.999];
        var s20 = new CosineSchedule(20);
        for (int t = 0; t < 20; t++) Assert.Equal(beta20[t], s20.Beta[t], 6);
        Assert.Equal(0.992007, s20.AlphaBar[0], 6);
        Assert.Equal(6.06e-6, s20.AlphaBar[19], 8);
        var s100 = new CosineSchedule(100);
        Assert.Equal(6.3128e-4, s100.Beta[0], 8);
        Assert.Equal(0.999, s100.Beta[99], 12);
        Assert.Equal(0.999369, s100.AlphaBar[0], 6);
        Assert.True(Math.Abs(s100.AlphaBar[99] / 2.43e-7 - 1) < 0.01);
    }

    /// <summary>
    /// The forward-process posterior q(x_{t−1} | x₀, xₜ) ∝ q(x_{t−1} | x₀)·q(xₜ | x_{t−1}) — the product of
    /// N(√ᾱ_{t−1} x₀, 1 − ᾱ_{t−1}) and N(xₜ; √αₜ x_{t−1}, βₜ), computed here by Bayes' rule in
    /// precision form — equals the closed form N(c1ₜ x₀ + c2ₜ xₜ, β̃ₜ); the one-step kernels compose
    /// to q(xₜ | x₀) = N(√ᾱₜ x₀, 1 − ᾱₜ).
    /// </summary>
    [EngineProperty(MaxTest = 30)]
    public void Forward_posterior_from_Bayes_rule_equals_closed_form(DoNotSize<int> seed)
    {
        var rnd = new Normals(seed.Item);
        var schedule = new CosineSchedule(rnd.Int(5, 201));
        for (int trial = 0; trial < 8; trial++)
        {
            int t = rnd.Int(1, schedule.Steps);
            double x0 = 2 * rnd.Next(), xt = 2 * rnd.Next();
            double priorVar = 1 - schedule.AlphaBarPrev(t), priorMean = Math.Sqrt(schedule.AlphaBarPrev(t)) * x0;
            double precision = 1 / priorVar + schedule.Alpha(t) / schedule.Beta[t];
            double mean = (priorMean / priorVar + Math.Sqrt(schedule.Alpha(t)) * xt / schedule.Beta[t]) / precision;

            Assert.True(Math.Abs(mean - schedule.PosteriorMean([x0], [xt], t)[0]) <= 1e-11 * (1 + Math.Abs(mean)), $"mean at t={t}");
            Assert.True(Math.Abs(1 / precision - schedule.PosteriorVariance(t)) <= 1e-12 * (1 / precision), $"variance at t={t}");
        }

        // Composition: Var(xₜ | x₀) obeys vₜ = αₜ v_{t−1} + βₜ with v₋₁ = 0, and the mean factor multiplies by √αₜ.
        double v = 0, factor = 1;
        for (int t = 0; t < schedule.Steps; t++)
        {
            v = schedule.Alpha(t) * v + schedule.Beta[t];
            factor *= Math.Sqrt(schedule.Alpha(t));
            Assert.True(Math.Abs(v - (1 - schedule.AlphaBar[t])) <= 1e-12, $"marginal variance at t={t}");
            Assert.True(Math.Abs(factor - Math.Sqrt(schedule.AlphaBar[t])) <= 1e-12, $"marginal mean factor at t={t}");
        }
    }

    /// <summary>
    /// The forward posterior, by sampling: draw x_{t−1} ~ q(x_{t−1} | x₀) and xₜ ~ q(xₜ | x_{t−1}); the
    /// least-squares regression of x_{t−1} on xₜ has slope c2ₜ, intercept c1ₜ x₀ and residual variance β̃ₜ
    /// (for jointly Gaussian variables the conditional mean is exactly linear).
    /// </summary>
    [EngineProperty(MaxTest = 10)]
    public void Sampled_forward_posterior_has_closed_form_coefficients(DoNotSize<int> seed)
    {
        var rnd = new Normals(seed.Item);
        var schedule = new CosineSchedule(rnd.Int(10, 101));
        int t = rnd.Int(1, schedule.Steps - 1);
        double x0 = 2 * rnd.Next();
        const int m = 20000;
        var prev = new double[m];
        var cur = new double[m];
        for (int i = 0; i < m; i++)
        {
            prev[i] = Math.Sqrt(schedule.AlphaBarPrev(t)) * x0 + Math.Sqrt(1 - schedule.AlphaBarPrev(t)) * rnd.Next();
            cur[i] = Math.Sqrt(schedule.Alpha(t)) * prev[i] + Math.Sqrt(schedule.Beta[t]) * rnd.Next();
        }
        double varCur = GaussianMoments.Variance(cur);
        double slope = GaussianMoments.Covariance(prev, cur) / varCur;
        double intercept = GaussianMoments.Mean(prev) - slope * GaussianMoments.Mean(cur);
        var residual = prev.Select((p, i) => p - intercept - slope * cur[i]).ToArray();
        double residualVar = GaussianMoments.Variance(residual);

        double beta = schedule.PosteriorVariance(t);
        double slopeSe = Math.Sqrt(beta / (m * varCur));
        double interceptSe = Math.Sqrt(beta / m * (1 + Math.Pow(GaussianMoments.Mean(cur), 2) / varCur));
        Assert.True(Math.Abs(slope - schedule.C2(t)) <= GaussianMoments.Z * slopeSe, $"slope {slope} vs c2 {schedule.C2(t)} at t={t}");
        Assert.True(Math.Abs(intercept - schedule.C1(t) * x0) <= GaussianMoments.Z * interceptSe, $"intercept {intercept} vs c1·x0 {schedule.C1(t) * x0}");
        Assert.True(GaussianMoments.VarianceMatches(residual, beta), $"residual variance {residualVar} vs β̃ {beta}");
    }

    /// <summary>
    /// μ_E − μ_B = c1ₜ·(x̂₀,E − x̂₀,B) (docs/reference-facts.md §2, the target of gradient alignment): with each
    /// posterior mean computed by Bayes' rule from the model's x̂₀, the c2ₜ xₜ terms cancel, so the
    /// difference is independent of xₜ and linear in x̂₀,E − x̂₀,B with coefficient c1ₜ. Negative control:
    /// the same check with c2ₜ in place of c1ₜ fails wherever c1ₜ and c2ₜ differ.
    /// </summary>
    [EngineProperty(MaxTest = 30)]
    public void Difference_of_posterior_means_is_c1_times_difference_of_denoised_estimates(DoNotSize<int> seed)
    {
        var rnd = new Normals(seed.Item);
        var schedule = new CosineSchedule(rnd.Int(5, 201));
        int n = rnd.Int(1, 9), t = rnd.Int(0, schedule.Steps);
        var xt = rnd.Vector(n, 2);
        var otherXt = rnd.Vector(n, 2);
        var x0Expert = rnd.Vector(n);
        var x0Base = rnd.Vector(n);

        var difference = Sub(BayesMean(schedule, x0Expert, xt, t), BayesMean(schedule, x0Base, xt, t));
        var differenceElsewhere = Sub(BayesMean(schedule, x0Expert, otherXt, t), BayesMean(schedule, x0Base, otherXt, t));
        bool wrongCoefficientDetectable = Math.Abs(schedule.C1(t) - schedule.C2(t)) > 1e-6;
        for (int i = 0; i < n; i++)
        {
            double gap = x0Expert[i] - x0Base[i];
            Assert.True(Math.Abs(difference[i] - schedule.C1(t) * gap) <= 1e-10 * (1 + Math.Abs(xt[i])), $"t={t}, coord {i}");
            Assert.True(Math.Abs(difference[i] - differenceElsewhere[i]) <= 1e-10 * (1 + Math.Abs(xt[i]) + Math.Abs(otherXt[i])));
            if (wrongCoefficientDetectable && Math.Abs(gap) > 1e-3)
                Assert.False(Math.Abs(difference[i] - schedule.C2(t) * gap) <= 1e-10 * (1 + Math.Abs(xt[i])));
        }
    }

    // Posterior mean of x_{t−1} given x₀ := x̂₀ and xₜ by Gaussian conditioning; at t = 0, ᾱ₋₁ = 1 makes
    // x_{t−1} = x₀ deterministic, so the mean is x̂₀ itself.
    private static double[] BayesMean(CosineSchedule s, double[] x0Hat, double[] xt, int t)
    {
        if (t == 0) return (double[])x0Hat.Clone();
        double priorVar = 1 - s.AlphaBarPrev(t), precision = 1 / priorVar + s.Alpha(t) / s.Beta[t];
        return x0Hat.Select((x0, i) =>
            (Math.Sqrt(s.AlphaBarPrev(t)) * x0 / priorVar + Math.Sqrt(s.Alpha(t)) * xt[i] / s.Beta[t]) / precision).ToArray();
    }

    private static double[] Sub(double[] a, double[] b) => a.Select((v, i) => v - b[i]).ToArray();
}
