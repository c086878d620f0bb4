using Engine.Testing;
using Engine.Theory.Tests.Support;
using FsCheck;

namespace Engine.Theory.Tests;

/// <summary>
/// Theorem 4.1 (Existence and Uniqueness), on Euler–Maruyama paths: SDEs (6)–(8) with Lipschitz
/// drifts f⁽¹⁾, f⁽²⁾, h and a bounded continuous g with g(0) &gt; 0; the guided SDE (8) reproduces
/// the expert SDE (7) pathwise iff h = f⁽²⁾ − f⁽¹⁾ (Eq. 9).
/// </summary>
public class Theorem41ExistenceUniquenessTests
{
    private const double Horizon = 1.0;
    private const int Steps = 200;

    /// <summary>
    /// Theorem 4.1, uniqueness of h (proof in Appendix C.2, Eq. 33): take h' = f⁽²⁾ − f⁽¹⁾ + δ with δ
    /// Lipschitz and non-zero exactly on a ball (a set of positive measure). A path of SDE (8) with h'
    /// follows x⁽²⁾ until x⁽²⁾ enters that set, and separates from it as soon as it does: so with the
    /// ball around the start z it separates in every draw, by dt·δ(z, 0) at the first step already —
    /// three orders of magnitude above the rounding tolerance.
    /// With the ball elsewhere, "separates" and "x⁽²⁾ visited the ball" coincide draw by draw.
    /// </summary>
    [EngineProperty(MaxTest = 12)]
    public void Perturbed_h_separates_exactly_when_the_expert_path_meets_the_perturbation(DoNotSize<int> seed)
    {
        var rnd = new Normals(seed.Item);
        int n = rnd.Int(1, 5);
        var f1 = RandomDrift.Draw(n, rnd);
        var f2 = RandomDrift.Draw(n, rnd);
        var g = NoiseSchedule.Draw(rnd, minG0: 0.5);
        double dt = Horizon / Steps;
        double radius = 0.5, strength = rnd.Uniform(0.5, 2.0);
        var direction = UnitVector(rnd.Vector(n), strength);

        for (int draw = 0; draw < 8; draw++)
        {
            var z = rnd.Vector(n);
            bool ballAroundStart = draw % 2 == 0;
            var offset = UnitVector(rnd.Vector(n), ballAroundStart ? rnd.Uniform(0, 0.5) * radius : rnd.Uniform(1.0, 1.5) * radius);
            var delta = new TentDrift(z.Select((zi, i) => zi + offset[i]).ToArray(), radius, direction);
            var hPrime = DriftSum.Plus(DriftSum.Minus(f2, f1), delta);

            var dw = EulerMaruyama.BrownianIncrements(Steps, n, dt, rnd);
            var expert = EulerMaruyama.Path(f2, t => g[t], z, dw, dt);
            var path = EulerMaruyama.Path(DriftSum.Plus(f1, hPrime), t => g[t], z, dw, dt);

            double tolerance = RoundingTolerance(expert);
            double gap = EulerMaruyama.MaxDistance(path, expert);
            // Only states x₀ … x_{N−1} feed a drift evaluation; the last state never does.
            bool visited = expert.Take(Steps).Any(x => delta.InSupport(x));
            bool separated = gap > tolerance;

            if (ballAroundStart)
            {
                var d0 = new double[n];
                delta.Evaluate(z, 0, d0);
                double firstStep = dt * d0.Max(Math.Abs);
                Assert.True(gap >= 0.99 * firstStep && firstStep > 1e3 * tolerance,
                    $"draw {draw}: separation {gap:E3}, first-step kick {firstStep:E3}, tolerance {tolerance:E3}");
            }
            Assert.Equal(visited, separated);
        }
    }

    /// <summary>
    /// Theorem 4.1 / Corollary C.3, existence of the strong solution: for a Lipschitz drift and bounded g,
    /// Euler–Maruyama approximations driven by one Brownian path converge as the grid is refined
    /// (they form a Cauchy sequence). With additive noise the strong order is 1, so the distance to the
    /// finest path shrinks by roughly 4 per 4× refinement; we require a factor of at least 2.
    /// </summary>
    [EngineProperty(MaxTest = 8)]
    public void Euler_Maruyama_paths_converge_under_refinement_of_one_Brownian_path(DoNotSize<int> seed)
    {
        var rnd = new Normals(seed.Item);
        int n = rnd.Int(1, 4);
        var f = RandomDrift.Draw(n, rnd);
        var g = NoiseSchedule.Draw(rnd);
        const int fine = 1024;
        int[] coarse = [16, 64, 256];
        var error = new double[coarse.Length];

        for (int draw = 0; draw < 8; draw++)
        {
            var z = rnd.Vector(n);
            var dwFine = EulerMaruyama.BrownianIncrements(fine, n, Horizon / fine, rnd);
            var reference = EulerMaruyama.Path(f, t => g[t], z, dwFine, Horizon / fine);
            for (int c = 0; c < coarse.Length; c++)
            {
                int factor = fine / coarse[c];
                var path = EulerMaruyama.Path(f, t => g[t], z, EulerMaruyama.Coarsen(dwFine, factor), Horizon / coarse[c]);
                var onCoarseGrid = Enumerable.Range(0, coarse[c] + 1).Select(k => reference[k * factor]).ToArray();
                error[c] += EulerMaruyama.MaxDistance(path, onCoarseGrid) / 8;
            }
        }

        for (int c = 1; c < coarse.Length; c++)
            Assert.True(error[c] < 0.5 * error[c - 1], $"errors {string.Join(", ", error.Select(e => e.ToString("E2")))} do not shrink");
    }

    // Per-step rounding is ~1e-16 of the state; the flow's Lipschitz growth over [0, 1] amplifies it
    // by at most e^L with L = O(1) for these drifts, so 1e-10 relative leaves ample room yet sits far
    // below any genuine O(dt) drift difference.
    private static double RoundingTolerance(double[][] path) => 1e-10 * (1.0 + EulerMaruyama.MaxAbs(path));

    private static double[] UnitVector(double[] v, double length)
    {
        double norm = Math.Sqrt(v.Sum(x => x * x));
        return v.Select(x => length * x / norm).ToArray();
    }
}
