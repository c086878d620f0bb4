using Engine.Testing;
using Engine.Theory.Tests.Support;
using FsCheck;
using MathNet.Numerics.LinearAlgebra;

namespace Engine.Theory.Tests;

/// <summary>
/// Proposition 4.3 (Optimal Relative Reward Gradient) and its proof in Appendix C.4 (Theorem C.8,
/// Corollary C.9), on a staggered-grid discretisation of the unit square: the L2 projection of a field
/// onto gradient fields exists, is unique, leaves a residual orthogonal to every gradient field, and
/// attains min ‖F − ∇φ‖² by Pythagoras.
/// </summary>
public class Proposition43ProjectionTests
{
    /// <summary>
    /// Proposition 4.3, uniqueness: the discrete gradient's kernel is exactly the constants, so the
    /// projection (the solution of the discrete Poisson problem GᵀGφ = GᵀF) is unique and its potential
    /// unique up to an additive constant. Checked by the whole spectrum of GᵀG, which must equal the
    /// closed form (4/h²)(sin²(πk/2m) + sin²(πl/2m)), k, l = 0 … m−1, with a single zero; and by two
    /// independent solvers (grounded Cholesky, zero-mean LU) giving the same Gφ and potentials that
    /// differ by a constant. Negative control: a collocated central-difference gradient has a larger kernel.
    /// </summary>
    [EngineProperty(MaxTest = 8)]
    public void Projection_onto_discrete_gradients_is_unique(DoNotSize<int> seed)
    {
        var rnd = new Normals(seed.Item);
        var grid = new StaggeredGrid(rnd.Int(3, 11));
        int m = grid.M;

        var spectrum = grid.Laplacian().Evd(Symmetricity.Symmetric)
            .EigenValues.Select(z => z.Real).OrderBy(z => z).ToArray();
        var expected = (from k in Enumerable.Range(0, m)
                        from l in Enumerable.Range(0, m)
                        select 4 / (grid.H * grid.H) * (Sq(Math.Sin(Math.PI * k / (2 * m))) + Sq(Math.Sin(Math.PI * l / (2 * m)))))
                       .OrderBy(z => z).ToArray();
        double top = expected[^1];
        for (int i = 0; i < spectrum.Length; i++)
            Assert.True(Math.Abs(spectrum[i] - expected[i]) <= 1e-9 * top, $"eigenvalue {i}: {spectrum[i]} vs {expected[i]}");
        Assert.Equal(1, spectrum.Count(z => z < 1e-9 * top));

        var field = grid.Sample(new HelmholtzField(rnd).Field);
        var phiA = grid.ProjectGrounded(field);
        var phiB = grid.ProjectZeroMean(field);
        var gA = grid.ApplyGradient(phiA);
        var gB = grid.ApplyGradient(phiB);
        Assert.True((gA - gB).InfinityNorm() <= 1e-9 * (1 + field.InfinityNorm()), "two solvers give different projections");
        var shift = phiA - phiB;
        Assert.True(shift.Maximum() - shift.Minimum() <= 1e-9 * (1 + phiA.InfinityNorm()), "potentials differ by more than a constant");

        if (m >= 4)
        {
            var central = grid.CentralDifferenceGradient();
            var centralSpectrum = central.TransposeThisAndMultiply(central).Evd(Symmetricity.Symmetric).EigenValues.Select(z => z.Real).ToArray();
            Assert.True(centralSpectrum.Count(z => z < 1e-9 * top) > 1, "central differences unexpectedly have a one-dimensional kernel");
        }
    }

    /// <summary>
    /// Theorem C.8 / Corollary C.9 (used in the proof of Proposition 4.3): with h the projection of a random
    /// non-conservative field F, the residual F − h is orthogonal to every gradient field Gψ, and for every
    /// ψ, ‖F − Gψ‖² = ‖F − h‖² + ‖Gψ − h‖² — so h is the unique minimiser of Eq. (11). The residual is
    /// far from zero (F is genuinely non-conservative) and a conservative field is its own projection.
    /// Negative control: moving the potential by η breaks orthogonality by exactly −‖Gη‖².
    /// </summary>
    [EngineProperty(MaxTest = 10)]
    public void Residual_is_orthogonal_to_gradients_and_projection_minimises_L2_distance(DoNotSize<int> seed)
    {
        var rnd = new Normals(seed.Item);
        var grid = new StaggeredGrid(rnd.Int(4, 13));
        var helmholtz = new HelmholtzField(rnd);
        var field = grid.Sample(helmholtz.Field);
        var h = grid.ApplyGradient(grid.ProjectGrounded(field));
        var residual = field - h;
        double residualSq = grid.Inner(residual, residual);

        var rotational = grid.Sample(helmholtz.Rotational);
        Assert.True(residualSq > 0.05 * grid.Inner(rotational, rotational), "the random field is (nearly) conservative");

        for (int trial = 0; trial < 8; trial++)
        {
            var psi = Vector<double>.Build.Dense(grid.Cells, _ => rnd.Next());
            var gPsi = grid.ApplyGradient(psi);
            double scale = Math.Sqrt(residualSq * grid.Inner(gPsi, gPsi));
            Assert.True(Math.Abs(grid.Inner(residual, gPsi)) <= 1e-10 * scale, "residual not orthogonal to a gradient field");

            var off = field - gPsi;
            var gap = gPsi - h;
            double lhs = grid.Inner(off, off), rhs = residualSq + grid.Inner(gap, gap);
            Assert.True(Math.Abs(lhs - rhs) <= 1e-10 * lhs, $"Pythagoras fails: {lhs} vs {rhs}");

            var perturbed = field - (h + gPsi);
            Assert.True(Math.Abs(grid.Inner(perturbed, gPsi) + grid.Inner(gPsi, gPsi)) <= 1e-9 * grid.Inner(gPsi, gPsi));
            Assert.True(Math.Abs(grid.Inner(perturbed, gPsi)) > 1e3 * 1e-10 * scale, "the orthogonality check cannot see a wrong potential");
        }

        var conservative = grid.ApplyGradient(Vector<double>.Build.Dense(grid.Cells, _ => rnd.Next()));
        var reprojected = grid.ApplyGradient(grid.ProjectGrounded(conservative));
        Assert.True((reprojected - conservative).InfinityNorm() <= 1e-9 * conservative.InfinityNorm(), "projection is not idempotent");
    }

    /// <summary>
    /// Proposition 4.3, the continuum statement: for F = ∇Φ + ∇^⊥Ψ (Ψ = 0 on the boundary) the
    /// L2 projection onto gradients is ∇Φ, and the discrete projections converge to it as the grid is
    /// refined (root-mean-square error on the faces shrinks at each doubling of m).
    /// </summary>
    [EngineProperty(MaxTest = 4)]
    public void Discrete_projection_converges_to_the_continuum_projection(DoNotSize<int> seed)
    {
        var rnd = new Normals(seed.Item);
        var helmholtz = new HelmholtzField(rnd);
        int[] sizes = [6, 12, 24];
        var error = new double[sizes.Length];
        for (int s = 0; s < sizes.Length; s++)
        {
            var grid = new StaggeredGrid(sizes[s]);
            var h = grid.ApplyGradient(grid.ProjectGrounded(grid.Sample(helmholtz.Field)));
            var exact = grid.Sample(helmholtz.Projection);
            error[s] = Math.Sqrt(grid.Inner(h - exact, h - exact));
        }
        for (int s = 1; s < sizes.Length; s++)
            Assert.True(error[s] < 0.75 * error[s - 1], $"errors {string.Join(", ", error.Select(e => e.ToString("E2")))} do not shrink");
    }

    private static double Sq(double x) => x * x;
}
