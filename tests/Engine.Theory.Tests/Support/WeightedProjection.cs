using MathNet.Numerics.LinearAlgebra;

namespace Engine.Theory.Tests.Support;

/// <summary>
/// Proposition 4.3's projection with the weight of Eq. (11)'s expectation: the p-weighted L² projection of a field
/// v onto gradient fields on the square [lo, hi]², i.e. the solution of ∇·(p∇φ) = ∇·(p v) with zero weighted
/// normal flux, discretised on a <see cref="StaggeredGrid"/> (face values, face weights p_f) as GᵀPGφ = GᵀPv
/// and solved by conjugate gradients. h = Gφ is the projection, v − h the non-conservative residual.
/// </summary>
/// <remarks>
/// The unit-square grid is used for the square box unchanged: rescaling the cells only rescales φ, and the
/// set {Gφ} of discrete gradient fields, hence h, does not depend on it. A tiny floor on p keeps ker(GᵀPG)
/// exactly the constants; it only touches faces that carry no probability mass.
/// </remarks>
public sealed class WeightedProjection
{
    public WeightedProjection(Func<double, double, (double X, double Y)> field, Func<double, double, double> density,
        double lo, double hi, int cells)
        : this(ClosedFormAlignmentSource.Batched(field), density, lo, hi, cells)
    {
    }

    /// <param name="field">v evaluated on a batch of points: [M][2] → [M][2] (one call for all faces).</param>
    /// <param name="density">The weight p.</param>
    /// <param name="lo">Lower corner of the square box, both coordinates.</param>
    /// <param name="hi">Upper corner.</param>
    /// <param name="cells">Cells per side.</param>
    public WeightedProjection(Func<double[][], double[][]> field, Func<double, double, double> density, double lo, double hi, int cells)
    {
        Grid = new StaggeredGrid(cells);
        int faces = Grid.Faces;
        Points = new double[faces][];
        Weight = Vector<double>.Build.Dense(faces);
        double side = hi - lo;
        for (int f = 0; f < faces; f++)
        {
            var (u, w, _) = Grid.FaceLocation(f);
            Points[f] = [lo + side * u, lo + side * w];
            Weight[f] = density(Points[f][0], Points[f][1]);
        }
        Field = OnFaces(field(Points));
        double floor = 1e-8 * Weight.Maximum();
        Weight.MapInplace(p => p + floor);
        CellArea = side * side / ((double)cells * cells);
        Projection = Grid.ApplyGradient(SolvePotential());
    }

    public StaggeredGrid Grid { get; }

    /// <summary>Face locations in box coordinates: [faces][2].</summary>
    public double[][] Points { get; }

    /// <summary>v sampled on the faces (the component normal to each face).</summary>
    public Vector<double> Field { get; }

    /// <summary>p at each face.</summary>
    public Vector<double> Weight { get; }

    /// <summary>h = Gφ, the weighted projection onto discrete gradients.</summary>
    public Vector<double> Projection { get; }

    public double CellArea { get; }

    /// <summary>‖u‖²_p = ∫ p ‖u‖² by the face quadrature (each face carries one component of u).</summary>
    public double Norm2(Vector<double> u)
    {
        double s = 0;
        for (int f = 0; f < u.Count; f++) s += Weight[f] * u[f] * u[f];
        return s * CellArea;
    }

    /// <summary>A vector field sampled like <see cref="Field"/>: the component normal to each face.</summary>
    public Vector<double> OnFaces(double[][] valuesAtPoints)
    {
        var v = Vector<double>.Build.Dense(Grid.Faces);
        for (int f = 0; f < Grid.Faces; f++) v[f] = valuesAtPoints[f][f < Grid.XFaces ? 0 : 1];
        return v;
    }

    /// <summary>
    /// Jacobi-preconditioned conjugate gradients on the consistent, positive semi-definite GᵀPG φ = GᵀP v
    /// (b ⟂ constants). The weights span many orders of magnitude, so without the diagonal scaling plain CG stalls.
    /// </summary>
    private Vector<double> SolvePotential()
    {
        Vector<double> Apply(Vector<double> phi) => Grid.ApplyTranspose(Weight.PointwiseMultiply(Grid.ApplyGradient(phi)));
        var diagonal = Vector<double>.Build.Dense(Grid.Cells);
        for (int c = 0; c < Grid.Cells; c++)
        {
            var unit = Vector<double>.Build.Dense(Grid.Cells);
            unit[c] = 1;
            diagonal[c] = Apply(unit)[c];
        }
        var b = Grid.ApplyTranspose(Weight.PointwiseMultiply(Field));
        var x = Vector<double>.Build.Dense(Grid.Cells);
        var r = b.Clone();
        var z = r.PointwiseDivide(diagonal);
        var d = z.Clone();
        double rz = r.DotProduct(z), stop = 1e-20 * b.DotProduct(b);
        for (int k = 0; k < 20_000 && r.DotProduct(r) > stop; k++)
        {
            var ad = Apply(d);
            double step = rz / d.DotProduct(ad);
            x += step * d;
            r -= step * ad;
            z = r.PointwiseDivide(diagonal);
            double next = r.DotProduct(z);
            d = z + (next / rz) * d;
            rz = next;
        }
        if (r.DotProduct(r) > stop) throw new InvalidOperationException($"weighted projection: CG did not converge (‖r‖² = {r.DotProduct(r)}, ‖b‖² = {b.DotProduct(b)})");
        return x;
    }
}
