using MathNet.Numerics.LinearAlgebra;

namespace Engine.Theory.Tests.Support;

/// <summary>
/// The discretisation of Proposition 4.3's projection: potentials live on the m×m cell centres of the
/// unit square, fields on the interior cell faces (a staggered, "MAC" grid), and the discrete gradient G
/// takes the difference of the two cells a face separates, divided by h = 1/m. The x-component of a field
/// is sampled on vertical faces, the y-component on horizontal ones.
/// </summary>
/// <remarks>
/// Staggering is chosen because G's kernel is then exactly the constants (the grid graph is connected),
/// the discrete analogue of "ρ is unique up to an additive constant"; a collocated central-difference
/// gradient also annihilates checkerboard-like modes and would make the projection's potential non-unique.
/// The face inner product is Σ u·v·h², the midpoint rule for ∫ u·v.
/// </remarks>
public sealed class StaggeredGrid
{
    public StaggeredGrid(int m)
    {
        M = m;
        H = 1.0 / m;
    }

    public int M { get; }

    public double H { get; }

    public int Cells => M * M;

    public int XFaces => (M - 1) * M;

    public int Faces => 2 * (M - 1) * M;

    /// <summary>GᵀG, the discrete Neumann Laplacian (up to sign), assembled face by face.</summary>
    public Matrix<double> Laplacian()
    {
        var l = Matrix<double>.Build.Dense(Cells, Cells);
        double w = 1 / (H * H);
        foreach (var (plus, minus) in FaceCells())
        {
            l[plus, plus] += w;
            l[minus, minus] += w;
            l[plus, minus] -= w;
            l[minus, plus] -= w;
        }
        return l;
    }

    /// <summary>Gφ.</summary>
    public Vector<double> ApplyGradient(Vector<double> phi)
    {
        var v = Vector<double>.Build.Dense(Faces);
        int f = 0;
        foreach (var (plus, minus) in FaceCells()) v[f++] = (phi[plus] - phi[minus]) / H;
        return v;
    }

    /// <summary>Gᵀu (minus the discrete divergence of a face field).</summary>
    public Vector<double> ApplyTranspose(Vector<double> u)
    {
        var v = Vector<double>.Build.Dense(Cells);
        int f = 0;
        foreach (var (plus, minus) in FaceCells())
        {
            v[plus] += u[f] / H;
            v[minus] -= u[f] / H;
            f++;
        }
        return v;
    }

    /// <summary>The two cells each face separates, in face order (x-faces first).</summary>
    private IEnumerable<(int Plus, int Minus)> FaceCells()
    {
        for (int i = 0; i < M - 1; i++)
            for (int j = 0; j < M; j++)
                yield return (Cell(i + 1, j), Cell(i, j));
        for (int i = 0; i < M; i++)
            for (int j = 0; j < M - 1; j++)
                yield return (Cell(i, j + 1), Cell(i, j));
    }

    public int Cell(int i, int j) => i * M + j;

    /// <summary>Face f's location; the first <see cref="XFaces"/> faces carry x-components.</summary>
    public (double X, double Y, bool IsXFace) FaceLocation(int f)
    {
        if (f < XFaces)
        {
            int i = f / M, j = f % M;
            return ((i + 1) * H, (j + 0.5) * H, true);
        }
        f -= XFaces;
        int ii = f / (M - 1), jj = f % (M - 1);
        return ((ii + 0.5) * H, (jj + 1) * H, false);
    }

    public (double X, double Y) CellCentre(int c) => ((c / M + 0.5) * H, (c % M + 0.5) * H);

    /// <summary>A continuous field sampled on the faces (the component normal to each face).</summary>
    public Vector<double> Sample(Func<double, double, (double X, double Y)> field)
    {
        var v = Vector<double>.Build.Dense(Faces);
        for (int f = 0; f < Faces; f++)
        {
            var (x, y, isX) = FaceLocation(f);
            var (fx, fy) = field(x, y);
            v[f] = isX ? fx : fy;
        }
        return v;
    }

    public double Inner(Vector<double> u, Vector<double> v) => u.DotProduct(v) * H * H;

    /// <summary>
    /// The projection's potential by grounding cell 0 (φ₀ = 0) and solving the reduced normal equations
    /// GᵀG φ = Gᵀ F — the discrete Neumann–Poisson problem — by Cholesky.
    /// </summary>
    public Vector<double> ProjectGrounded(Vector<double> field)
    {
        var laplacian = Laplacian();
        var rhs = ApplyTranspose(field);
        var reduced = laplacian.SubMatrix(1, Cells - 1, 1, Cells - 1);
        var phi = reduced.Cholesky().Solve(rhs.SubVector(1, Cells - 1));
        var full = Vector<double>.Build.Dense(Cells);
        full.SetSubVector(1, Cells - 1, phi);
        return full;
    }

    /// <summary>
    /// The projection's potential as the zero-mean solution: (GᵀG + 11ᵀ) φ = Gᵀ F, solved by LU.
    /// Because 1ᵀGᵀF = (G1)ᵀF = 0, the added rank-one term only fixes the constant.
    /// </summary>
    public Vector<double> ProjectZeroMean(Vector<double> field)
    {
        var system = Laplacian() + Matrix<double>.Build.Dense(Cells, Cells, 1.0);
        return system.LU().Solve(ApplyTranspose(field));
    }

    /// <summary>
    /// The collocated central-difference gradient at interior cells — a wrong variant kept only as the
    /// negative control for uniqueness: its kernel is larger than the constants.
    /// </summary>
    public Matrix<double> CentralDifferenceGradient()
    {
        int interior = (M - 2) * (M - 2);
        var g = Matrix<double>.Build.Dense(2 * interior, Cells);
        int r = 0;
        for (int i = 1; i < M - 1; i++)
            for (int j = 1; j < M - 1; j++, r++)
            {
                g[r, Cell(i + 1, j)] = 0.5 / H;
                g[r, Cell(i - 1, j)] = -0.5 / H;
                g[interior + r, Cell(i, j + 1)] = 0.5 / H;
                g[interior + r, Cell(i, j - 1)] = -0.5 / H;
            }
        return g;
    }
}
