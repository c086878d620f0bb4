using Engine.Testing;
using Engine.Theory.Tests.Support;
using FsCheck;

namespace Engine.Theory.Tests;

/// <summary>
/// Appendix C.3 ("Does the backward process of a diffusion model fit in Theorem C.1?"): for the
/// Ornstein–Uhlenbeck forward process dx = −λx dt + dw started at a point y, the marginal is
/// N(y e^{−λt}, (1 − e^{−2λt})/(2λ) I). (The appendix's Lipschitz claim is checked where it is not true by
/// algebra — for bounded data on the production schedule — in <see cref="AppendixC3ProductionScheduleTests"/>.)
/// </summary>
public class AppendixC3OrnsteinUhlenbeckTests
{
    /// <summary>
    /// Appendix C.3: paths of dx = −λx dt + dw from y, simulated by Euler–Maruyama, have the
    /// closed-form marginal mean y e^{−λt} and variance (1 − e^{−2λt})/(2λ) at two times s &lt; t,
    /// and the covariance K(s, t) = (e^{−λ|t−s|} − e^{−λ(t+s)})/(2λ) between them.
    /// </summary>
    [EngineProperty(MaxTest = 10)]
    public void Sampled_marginals_match_closed_form_mean_variance_and_covariance(DoNotSize<int> seed)
    {
        var rnd = new Normals(seed.Item);
        int n = rnd.Int(1, 4);
        var ou = new OrnsteinUhlenbeck(rnd.Uniform(0.2, 3.0), rnd.Vector(n, 2.0));
        var (early, late) = Simulate(ou, rnd, paths: 3000, steps: 400, horizon: 1.0);
        double s = 0.5, t = 1.0;
        // Euler–Maruyama's relative bias for this linear SDE is O(λ·dt); allow 2λ·dt of each moment.
        double relBias = 2 * ou.Lambda / 400;

        for (int i = 0; i < n; i++)
        {
            double ms = ou.Mean(s)[i], mt = ou.Mean(t)[i], vs = ou.Variance(s), vt = ou.Variance(t);
            Assert.True(GaussianMoments.MeanMatches(early[i], ms, vs, relBias * (Math.Abs(ms) + vs)), $"mean at s, coord {i}");
            Assert.True(GaussianMoments.MeanMatches(late[i], mt, vt, relBias * (Math.Abs(mt) + vt)), $"mean at t, coord {i}");
            Assert.True(GaussianMoments.VarianceMatches(early[i], vs, relBias * vs), $"variance at s, coord {i}");
            Assert.True(GaussianMoments.VarianceMatches(late[i], vt, relBias * vt), $"variance at t, coord {i}");
            double k = ou.Covariance(s, t);
            Assert.True(GaussianMoments.CovarianceMatches(early[i], late[i], vs, vt, k, relBias * k), $"K(s, t), coord {i}");
        }
    }

    /// <summary>
    /// Negative control for the marginal property: the same acceptance rule rejects a plausible but
    /// wrong variance, (1 − e^{−λt})/(2λ) (a dropped factor 2 in the exponent), and a wrong mean y e^{−2λt}.
    /// </summary>
    [Fact]
    public void Moment_check_rejects_wrong_closed_forms()
    {
        var rnd = new Normals(7);
        var ou = new OrnsteinUhlenbeck(1.0, [1.5]);
        var (_, late) = Simulate(ou, rnd, paths: 3000, steps: 400, horizon: 1.0);
        double wrongVariance = (1 - Math.Exp(-ou.Lambda)) / (2 * ou.Lambda);
        Assert.True(GaussianMoments.VarianceMatches(late[0], ou.Variance(1.0)));
        Assert.False(GaussianMoments.VarianceMatches(late[0], wrongVariance));
        Assert.False(GaussianMoments.MeanMatches(late[0], 1.5 * Math.Exp(-2 * ou.Lambda), ou.Variance(1.0)));
    }

    /// <summary>Coordinates of M Euler–Maruyama paths at mid-horizon and at the horizon.</summary>
    private static (List<double>[] Early, List<double>[] Late) Simulate(OrnsteinUhlenbeck ou, Normals rnd, int paths, int steps, double horizon)
    {
        int n = ou.Start.Length;
        double dt = horizon / steps, sd = Math.Sqrt(dt);
        var early = Enumerable.Range(0, n).Select(_ => new List<double>(paths)).ToArray();
        var late = Enumerable.Range(0, n).Select(_ => new List<double>(paths)).ToArray();
        var x = new double[n];
        for (int p = 0; p < paths; p++)
        {
            Array.Copy(ou.Start, x, n);
            for (int k = 1; k <= steps; k++)
            {
                for (int i = 0; i < n; i++) x[i] += -ou.Lambda * x[i] * dt + sd * rnd.Next();
                if (k == steps / 2)
                    for (int i = 0; i < n; i++) early[i].Add(x[i]);
            }
            for (int i = 0; i < n; i++) late[i].Add(x[i]);
        }
        return (early, late);
    }
}
