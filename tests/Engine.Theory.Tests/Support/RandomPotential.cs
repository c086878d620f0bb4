using Engine.Autodiff;

namespace Engine.Theory.Tests.Support;

/// <summary>
/// A random smooth potential Φ : ℝⁿ → ℝ written with engine tensors,
/// Φ(x) = aᵀ tanh(Wᵀx + b) + cᵀ sin(Vᵀx) + ½ q ‖x‖², so that its gradient field ∇Φ — a conservative
/// field by Definition 4.2 — comes from the engine's reverse-mode autodiff rather than a hand formula.
/// </summary>
public sealed class RandomPotential
{
    private readonly Tensor _w, _b, _a, _v, _c;
    private readonly double _q;

    public RandomPotential(int n, Normals rnd, int width = 6)
    {
        Dimension = n;
        _w = Matrix(rnd, n, width, 1.0);
        _b = Tensor.FromArray(rnd.Vector(width, 0.5), width);
        _a = Matrix(rnd, width, 1, 1.0);
        _v = Matrix(rnd, n, width, 0.8);
        _c = Matrix(rnd, width, 1, 0.5);
        _q = rnd.Uniform(-0.5, 0.5);
    }

    public int Dimension { get; }

    /// <summary>Φ at each row of <paramref name="x"/> [M, n] → [M].</summary>
    public Tensor Evaluate(Tensor x)
    {
        var ridge = (x.MatMul(_w) + _b).Tanh().MatMul(_a);
        var waves = x.MatMul(_v).Sin().MatMul(_c);
        return (ridge + waves).Reshape(-1) + x.Square().Sum([1]) * (0.5 * _q);
    }

    /// <summary>∇Φ at each row of <paramref name="points"/> [M, n], by reverse mode (rows are independent).</summary>
    public double[][] Gradient(double[][] points)
    {
        var x = TensorRows.ToTensor(points).RequiresGrad();
        var g = Autograd.Grad(Evaluate(x).Sum(), [x])[0].ToArrayDouble();
        return TensorRows.FromFlat(g, points.Length, Dimension);
    }

    public double Value(double[] point) => Evaluate(TensorRows.ToTensor([point])).Item();

    private static Tensor Matrix(Normals rnd, int rows, int cols, double scale) =>
        Tensor.FromArray(rnd.Vector(rows * cols, scale), rows, cols);
}
