using Engine.Autodiff;
using MathNet.Numerics.LinearAlgebra;

namespace Engine.Theory.Tests.Support;

/// <summary>
/// The marginal q_t of a DDPM started from the empirical distribution of bounded data y₁…y_N ∈ ℝⁿ:
/// pₜ(x) = (1/N) Σᵢ N(x; √ᾱ yᵢ, σ² I), σ² = 1 − ᾱ. Its exact score is written with engine tensors
/// (a log-sum-exp) so that score and Jacobian come from engine autodiff; the closed-form Jacobian
/// J(x) = −I/σ² + (ᾱ/σ⁴)·Cov_w(y), with w the softmax posterior weights of the yᵢ, is the independent check.
/// </summary>
public sealed class SmoothedEmpirical
{
    private readonly double[][] _data;

    public SmoothedEmpirical(double[][] data, double alphaBar)
    {
        _data = data;
        AlphaBar = alphaBar;
        Variance = 1 - alphaBar;
    }

    public double AlphaBar { get; }

    /// <summary>σ² = 1 − ᾱ.</summary>
    public double Variance { get; }

    public double Sigma => Math.Sqrt(Variance);

    private int Dimension => _data[0].Length;

    /// <summary>
    /// L_t = max(1/σ², ᾱR²/σ⁴ − 1/σ²), R the radius of the data about their centroid: J's eigenvalues lie in
    /// [−1/σ², −1/σ² + ᾱR²/σ⁴] because 0 ≼ Cov_w(y) ≼ R² I for weights on points within R of one centre.
    /// </summary>
    public double LipschitzBound()
    {
        var centroid = Enumerable.Range(0, Dimension).Select(i => _data.Average(y => y[i])).ToArray();
        double r2 = _data.Max(y => y.Select((v, i) => (v - centroid[i]) * (v - centroid[i])).Sum());
        return Math.Max(1 / Variance, AlphaBar * r2 / (Variance * Variance) - 1 / Variance);
    }

    /// <summary>log pₜ up to its constant: points [M, n] → [M], as an engine graph.</summary>
    private Tensor LogDensity(Tensor x)
    {
        double a = Math.Sqrt(AlphaBar);
        int n = Dimension, count = _data.Length;
        var meansT = new double[n * count];
        var meanSq = new double[count];
        for (int i = 0; i < count; i++)
            for (int d = 0; d < n; d++)
            {
                meansT[d * count + i] = a * _data[i][d];
                meanSq[i] += a * a * _data[i][d] * _data[i][d];
            }
        // ‖x − √ᾱ yᵢ‖² = ‖x‖² − 2x·√ᾱyᵢ + ‖√ᾱyᵢ‖², as [M, N] without an explicit difference tensor.
        var squared = x.Square().Sum([1], keepDim: true) - x.MatMul(Tensor.FromArray(meansT, n, count)) * 2.0 + Tensor.FromArray(meanSq, count);
        return (squared * (-0.5 / Variance)).LogSumExp([1]);
    }

    /// <summary>The score ∇ log pₜ ([M][n]) and its Jacobian (one n×n matrix per point), both by engine reverse mode.</summary>
    public (double[][] Scores, Matrix<double>[] Jacobians) ScoreAndJacobian(double[][] points)
    {
        int n = Dimension, m = points.Length;
        var x = TensorRows.ToTensor(points).RequiresGrad();
        var score = Autograd.Grad(LogDensity(x).Sum(), [x], createGraph: true)[0];
        var jacobians = Enumerable.Range(0, m).Select(_ => Matrix<double>.Build.Dense(n, n)).ToArray();
        for (int j = 0; j < n; j++)
        {
            var unit = new double[n];
            unit[j] = 1;
            // Rows are independent, so one reverse pass of Σ_k s_j(x_k) gives ∂s_j/∂x at every point.
            var row = Autograd.Grad((score * Tensor.FromArray(unit, n)).Sum(), [x])[0].ToArrayDouble();
            for (int k = 0; k < m; k++)
                for (int i = 0; i < n; i++) jacobians[k][j, i] = row[k * n + i];
        }
        return (TensorRows.FromFlat(score.ToArrayDouble(), m, n), jacobians);
    }

    /// <summary>J(x) = −I/σ² + (ᾱ/σ⁴)·Cov_w(y), in plain doubles.</summary>
    public Matrix<double> ClosedFormJacobian(double[] x)
    {
        double a = Math.Sqrt(AlphaBar);
        var logits = _data.Select(y => -0.5 / Variance * y.Select((v, i) => (x[i] - a * v) * (x[i] - a * v)).Sum()).ToArray();
        double max = logits.Max();
        var w = logits.Select(l => Math.Exp(l - max)).ToArray();
        double total = w.Sum();
        int n = Dimension;
        var mean = Enumerable.Range(0, n).Select(i => _data.Select((y, k) => w[k] * y[i]).Sum() / total).ToArray();
        var j = Matrix<double>.Build.DenseIdentity(n) * (-1 / Variance);
        for (int k = 0; k < _data.Length; k++)
            for (int r = 0; r < n; r++)
                for (int c = 0; c < n; c++)
                    j[r, c] += AlphaBar / (Variance * Variance) * w[k] / total * (_data[k][r] - mean[r]) * (_data[k][c] - mean[c]);
        return j;
    }
}
