using Engine.Testing;
using Engine.Theory.Tests.Support;
using FsCheck;

namespace Engine.Theory.Tests;

/// <summary>
/// Definition 4.2 (conservative vector field) and Eq. (10): for true scores s⁽ᵐ⁾ = ∇ log p⁽ᵐ⁾ the
/// difference s⁽²⁾ − s⁽¹⁾ is conservative, so by the fundamental theorem for line integrals the relative
/// reward ρ(x) = ∫_{x_ref}^x [s⁽²⁾ − s⁽¹⁾] · dx' is path-independent and unique up to an additive constant.
/// Here log p⁽¹⁾, log p⁽²⁾ are random smooth potentials and their gradients come from the engine's autodiff.
/// </summary>
public class Definition42LineIntegralTests
{
    /// <summary>
    /// Eq. (10): along random piecewise-linear paths from x_ref to x, the line integral of
    /// ∇Φ₂ − ∇Φ₁ (engine reverse mode) takes the same value on every path and equals
    /// (Φ₂ − Φ₁)(x) − (Φ₂ − Φ₁)(x_ref); around a closed random loop it vanishes.
    /// </summary>
    [EngineProperty(MaxTest = 10)]
    public void Line_integrals_of_a_score_difference_are_path_independent_and_equal_the_potential_difference(DoNotSize<int> seed)
    {
        var rnd = new Normals(seed.Item);
        int n = rnd.Int(2, 5);
        var logP1 = new RandomPotential(n, rnd);
        var logP2 = new RandomPotential(n, rnd);
        double[][] Difference(double[][] pts)
        {
            var g1 = logP1.Gradient(pts);
            var g2 = logP2.Gradient(pts);
            return g2.Select((row, k) => row.Select((v, i) => v - g1[k][i]).ToArray()).ToArray();
        }
        double Rho(double[] x) => logP2.Value(x) - logP1.Value(x);

        var xRef = rnd.Vector(n);
        var x = rnd.Vector(n);
        double expected = Rho(x) - Rho(xRef);
        double tolerance = 1e-9 * (1 + Math.Abs(expected));

        for (int path = 0; path < 3; path++)
        {
            double integral = LineIntegral.Along(Difference, RandomPath(xRef, x, rnd));
            Assert.True(Math.Abs(integral - expected) <= tolerance, $"path {path}: ∫ = {integral}, ρ(x) − ρ(x_ref) = {expected}");
        }
        var loop = RandomPath(xRef, xRef, rnd);
        Assert.True(Math.Abs(LineIntegral.Along(Difference, loop)) <= tolerance, "closed-loop integral of a conservative field is not zero");
    }

    /// <summary>
    /// Negative control for Definition 4.2: adding the rotation field (−x₂, x₁, 0, …) makes the field
    /// non-conservative, and the same quadrature then finds ∮ = 2·(signed area of the loop's projection onto
    /// the x₁x₂-plane) ≠ 0 — so the path-independence check above can fail.
    /// </summary>
    [EngineProperty(MaxTest = 6)]
    public void Loop_integral_detects_a_non_conservative_field(DoNotSize<int> seed)
    {
        var rnd = new Normals(seed.Item);
        int n = rnd.Int(2, 5);
        var potential = new RandomPotential(n, rnd);
        double[][] Rotated(double[][] pts)
        {
            var g = potential.Gradient(pts);
            for (int k = 0; k < pts.Length; k++)
            {
                g[k][0] -= pts[k][1];
                g[k][1] += pts[k][0];
            }
            return g;
        }
        var start = rnd.Vector(n);
        var loop = RandomPath(start, start, rnd);
        double area = 0;
        for (int k = 0; k + 1 < loop.Count; k++) area += 0.5 * (loop[k][0] * loop[k + 1][1] - loop[k + 1][0] * loop[k][1]);

        double integral = LineIntegral.Along(Rotated, loop);
        Assert.True(Math.Abs(integral - 2 * area) <= 1e-9 * (1 + Math.Abs(integral)), $"∮ = {integral}, 2·area = {2 * area}");
        if (Math.Abs(area) > 1e-3) Assert.True(Math.Abs(integral) > 1e-3, "a non-zero circulation went unnoticed");
    }

    /// <summary>from → 1–4 random intermediate vertices → to.</summary>
    private static List<double[]> RandomPath(double[] from, double[] to, Normals rnd)
    {
        var path = new List<double[]> { from };
        int corners = rnd.Int(1, 5);
        for (int k = 0; k < corners; k++) path.Add(rnd.Vector(from.Length, 1.5));
        path.Add(to);
        return path;
    }
}
