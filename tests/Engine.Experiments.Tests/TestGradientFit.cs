using MathNet.Numerics.LinearAlgebra;

namespace Engine.Experiments.Tests;

/// <summary>
/// A family of test gradients on ℝᵈ, independent of any reward network: ∇φ for
/// φ(y) = ½ yᵀAy + b·y + Σₖ aₖ cos(wₖ·y + βₖ), A symmetric (every quadratic) and K random cosine ridges
/// (wₖ ~ N(0, κ²/tr Cov(y) · I), βₖ ~ U[0, 2π)). <see cref="Fit"/> finds the member closest to a field in least squares
/// over sample points; <see cref="At"/> evaluates it elsewhere (held-out points), so the removed share measures a
/// gradient component of the field, not overfitting.
/// </summary>
/// <remarks>
/// The joint least-squares problem is solved block by block (backfitting, a few sweeps): the quadratic block exactly
/// (A C + C A = M + Mᵀ with C = Σ ỹỹᵀ, M = Σ r̃ỹᵀ, solved in C's eigenbasis), the cosine block by Cholesky on its normal
/// equations. Stopping early only makes the fitted gradient a little worse than the best one; it is still a gradient.
/// </remarks>
internal sealed class TestGradientFit
{
    private readonly Matrix<double> _a;
    private readonly Vector<double> _b;
    private readonly Matrix<double> _w;   // [K, d]
    private readonly double[] _phase;     // [K]
    private readonly Vector<double> _amplitude;

    private TestGradientFit(Matrix<double> a, Vector<double> b, Matrix<double> w, double[] phase, Vector<double> amplitude) =>
        (_a, _b, _w, _phase, _amplitude) = (a, b, w, phase, amplitude);

    /// <summary>The family member whose gradient is closest to <paramref name="field"/> at <paramref name="points"/> (both [N][d]).</summary>
    public static TestGradientFit Fit(double[][] points, double[][] field, int ridges, Generator g, int sweeps = 4, double kappa = 1.5)
    {
        var y = Matrix<double>.Build.DenseOfRowArrays(points);
        var r = Matrix<double>.Build.DenseOfRowArrays(field);
        int d = y.ColumnCount;
        var mean = y.ColumnSums() / y.RowCount;
        double spread = Math.Sqrt(Enumerable.Range(0, y.RowCount).Sum(i => (y.Row(i) - mean).DotProduct(y.Row(i) - mean)) / y.RowCount);
        var w = Matrix<double>.Build.Dense(ridges, d, (_, _) => g.NextNormal() * kappa / spread);
        var phase = Enumerable.Range(0, ridges).Select(_ => 2 * Math.PI * g.NextDouble()).ToArray();

        var amplitude = Vector<double>.Build.Dense(ridges);
        var s = Slopes(y, w, phase);
        var (a, b) = FitQuadratic(y, r);
        for (int sweep = 0; sweep < sweeps; sweep++)
        {
            amplitude = FitRidges(s, w, r - Quadratic(y, a, b));
            (a, b) = FitQuadratic(y, r - Ridges(s, w, amplitude));
        }
        return new TestGradientFit(a, b, w, phase, amplitude);
    }

    /// <summary>∇φ at each point: [M][d] → [M][d].</summary>
    public double[][] At(double[][] points)
    {
        var y = Matrix<double>.Build.DenseOfRowArrays(points);
        return (Quadratic(y, _a, _b) + Ridges(Slopes(y, _w, _phase), _w, _amplitude)).ToRowArrays();
    }

    /// <summary>Σ‖F − ∇φ‖² / Σ‖F‖² subtracted from 1: the share of F's energy at these points that ∇φ removes.</summary>
    public double RemovedShare(double[][] points, double[][] field)
    {
        var fit = At(points);
        double total = 0, left = 0;
        for (int i = 0; i < points.Length; i++)
            for (int j = 0; j < field[i].Length; j++)
            {
                total += field[i][j] * field[i][j];
                left += (field[i][j] - fit[i][j]) * (field[i][j] - fit[i][j]);
            }
        return 1 - left / total;
    }

    /// <summary>∂/∂u of cos(u): −sin(wₖ·yᵢ + βₖ), [N, K].</summary>
    private static Matrix<double> Slopes(Matrix<double> y, Matrix<double> w, double[] phase)
    {
        var u = y * w.Transpose();
        return Matrix<double>.Build.Dense(u.RowCount, u.ColumnCount, (i, k) => -Math.Sin(u[i, k] + phase[k]));
    }

    private static Matrix<double> Ridges(Matrix<double> s, Matrix<double> w, Vector<double> amplitude) =>
        s * Matrix<double>.Build.DenseOfDiagonalVector(amplitude) * w;

    private static Matrix<double> Quadratic(Matrix<double> y, Matrix<double> a, Vector<double> b)
    {
        var f = y * a; // A symmetric: rows yᵢᵀA = (A yᵢ)ᵀ
        for (int i = 0; i < f.RowCount; i++) f.SetRow(i, f.Row(i) + b);
        return f;
    }

    /// <summary>Least squares over symmetric A and b of Σ‖rᵢ − A yᵢ − b‖².</summary>
    private static (Matrix<double> A, Vector<double> B) FitQuadratic(Matrix<double> y, Matrix<double> r)
    {
        var yMean = y.ColumnSums() / y.RowCount;
        var rMean = r.ColumnSums() / r.RowCount;
        var yc = y.Clone(); var rc = r.Clone();
        for (int i = 0; i < y.RowCount; i++) { yc.SetRow(i, y.Row(i) - yMean); rc.SetRow(i, r.Row(i) - rMean); }
        var c = yc.TransposeThisAndMultiply(yc);
        var m = rc.TransposeThisAndMultiply(yc);
        var evd = c.Evd(Symmetricity.Symmetric);
        var q = evd.EigenVectors;
        var lambda = evd.EigenValues.Select(z => z.Real).ToArray();
        var rhs = q.TransposeThisAndMultiply(m + m.Transpose()) * q;
        // A tiny floor on λᵢ + λⱼ keeps directions the points do not span from blowing up (they carry no fit either way).
        double floor = 1e-12 * lambda.Max();
        var aTilde = Matrix<double>.Build.Dense(rhs.RowCount, rhs.ColumnCount, (i, j) => rhs[i, j] / Math.Max(lambda[i] + lambda[j], floor));
        var a = q * aTilde * q.Transpose();
        return (a, rMean - a * yMean);
    }

    /// <summary>Least squares over the amplitudes: Gₖₗ = (SᵀS)ₖₗ (wₖ·wₗ), cₖ = Σᵢ sᵢₖ (wₖ·rᵢ), with a relative ridge of 1e-10.</summary>
    private static Vector<double> FitRidges(Matrix<double> s, Matrix<double> w, Matrix<double> r)
    {
        var gram = s.TransposeThisAndMultiply(s).PointwiseMultiply(w * w.Transpose());
        var rw = r * w.Transpose();
        var c = Vector<double>.Build.Dense(w.RowCount, k => s.Column(k).DotProduct(rw.Column(k)));
        double ridge = 1e-10 * gram.Diagonal().Average();
        for (int k = 0; k < gram.RowCount; k++) gram[k, k] += ridge;
        return gram.Cholesky().Solve(c);
    }
}
