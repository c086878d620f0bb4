using Engine.Testing;
using Engine.Theory.Tests.Support;
using FsCheck;

namespace Engine.Theory.Tests;

/// <summary>
/// Classifier guidance (Section 3, Eq. 5; Appendix A.2.1, Eqs. 20–22): adding ∇ₓ log pₜ(y | xₜ) to the
/// prior's score gives the score of pₜ(xₜ | y), so the guided reverse SDE samples the posterior. With a
/// Gaussian prior N(m, v) and a Gaussian likelihood y | x₀ ~ N(x₀, τ²) every term is known in closed form:
/// the posterior is N((m/v + y/τ²)/(1/v + 1/τ²), 1/(1/v + 1/τ²)).
/// </summary>
public class ClassifierGuidanceTests
{
    private const double Beta = 10.0;

    /// <summary>
    /// Eq. 20 (Bayes' rule for scores): ∇ log pₜ(x) + ∇ log pₜ(y | x) = ∇ log pₜ(x | y) at every x and t,
    /// i.e. the gradient of the known log-likelihood is exactly the relative reward gradient h of
    /// Theorem 4.1 between the prior ("base") and posterior ("expert") score fields.
    /// </summary>
    [EngineProperty(MaxTest = 30)]
    public void Prior_score_plus_likelihood_gradient_is_posterior_score(DoNotSize<int> seed)
    {
        var rnd = new Normals(seed.Item);
        var (m, v, y, tau2) = DrawProblem(rnd);
        var (mPost, vPost) = Posterior(m, v, y, tau2);
        var vp = new VariancePreserving(Beta);
        for (int trial = 0; trial < 16; trial++)
        {
            double t = rnd.Uniform(1e-3, 1.0), x = 3 * rnd.Next();
            double guided = vp.Score(x, m, v, t) + vp.LogLikelihoodGradient(x, y, tau2, m, v, t);
            double posterior = vp.Score(x, mPost, vPost, t);
            Assert.True(Math.Abs(guided - posterior) <= 1e-9 * (1 + Math.Abs(posterior)), $"t={t}: {guided} vs {posterior}");
        }
    }

    /// <summary>
    /// Eq. 5 / Eq. 22 with ω = 1: the reverse SDE driven by the prior's score plus the gradient of the
    /// Gaussian log-likelihood turns N(0, 1) noise into samples whose mean and variance are those of the
    /// known posterior. Negative control: without guidance the same sampler returns the prior, which the
    /// posterior check rejects (y is drawn 2–4 standard deviations away so the two are distinguishable).
    /// </summary>
    [EngineProperty(MaxTest = 4)]
    public void Guided_reverse_SDE_samples_the_Gaussian_posterior(DoNotSize<int> seed)
    {
        var rnd = new Normals(seed.Item);
        var (m, v, y, tau2) = DrawProblem(rnd);
        var (mPost, vPost) = Posterior(m, v, y, tau2);
        var vp = new VariancePreserving(Beta);
        const int samples = 2500, steps = 500;
        // Euler–Maruyama bias O(β·dt) plus the O(e^{−β/2}) mismatch of starting from N(0, 1) instead of p₁.
        double relBias = 2 * Beta / steps + 2 * vp.A(1.0);

        var guided = vp.SampleReverse(t => VariancePreserving.Affine(x => vp.Score(x, m, v, t) + vp.LogLikelihoodGradient(x, y, tau2, m, v, t)), samples, steps, rnd);
        Assert.True(GaussianMoments.MeanMatches(guided, mPost, vPost, relBias * (Math.Abs(mPost) + Math.Sqrt(vPost))),
            $"guided mean {GaussianMoments.Mean(guided)} vs posterior {mPost}");
        Assert.True(GaussianMoments.VarianceMatches(guided, vPost, relBias * vPost),
            $"guided variance {GaussianMoments.Variance(guided)} vs posterior {vPost}");

        var unguided = vp.SampleReverse(t => VariancePreserving.Affine(x => vp.Score(x, m, v, t)), samples, steps, rnd);
        Assert.True(GaussianMoments.MeanMatches(unguided, m, v, relBias * (Math.Abs(m) + Math.Sqrt(v))), "unguided sampler misses the prior");
        Assert.False(GaussianMoments.MeanMatches(unguided, mPost, vPost, relBias * (Math.Abs(mPost) + Math.Sqrt(vPost))),
            "posterior check cannot tell the prior from the posterior");
    }

    private static (double M, double V, double Y, double Tau2) DrawProblem(Normals rnd)
    {
        double m = rnd.Uniform(-1, 1), v = rnd.Uniform(0.2, 1.0), tau2 = rnd.Uniform(0.1, 1.0);
        double side = rnd.Next() < 0 ? -1 : 1;
        double y = m + side * rnd.Uniform(2, 4) * Math.Sqrt(v + tau2);
        return (m, v, y, tau2);
    }

    private static (double Mean, double Variance) Posterior(double m, double v, double y, double tau2)
    {
        double precision = 1 / v + 1 / tau2;
        return ((m / v + y / tau2) / precision, 1 / precision);
    }
}
