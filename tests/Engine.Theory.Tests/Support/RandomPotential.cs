using Engine.Autodiff;

namespace Engine.Theory.Tests.Support;

/// <summary>
/// A random smooth potential Φ : ℝⁿ → ℝ written with engine tensors,
/// Φ(x) = aᵀ tanh(Wᵀx + b) + cᵀ sin(Vᵀx) + ½ q ‖x‖², so that its gradient field ∇Φ — a conservative
/// field by Definition 4.2 — comes from the engine's reverse-mode autodiff rather than a hand formula.
/// <see cref="GradientClosedForm"/> gives the same gradient by hand, for code that must not lean on the engine.
/// </summary>
public sealed class RandomPotential
{
    private readonly Tensor _w, _b, _a, _v, _c;
    private readonly double[] _wHost, _bHost, _aHost, _vHost, _cHost;
    private readonly double _q;

    public RandomPotential(int n, Normals rnd, int width = 6)
    {
        Dimension = n;
        Width = width;
        _wHost = rnd.Vector(n * width, 1.0);
        _bHost = rnd.Vector(width, 0.5);
        _aHost = rnd.Vector(width, 1.0);
        _vHost = rnd.Vector(n * width, 0.8);
        _cHost = rnd.Vector(width, 0.5);
        _w = Tensor.FromArray(_wHost, n, width);
        _b = Tensor.FromArray(_bHost, width);
        _a = Tensor.FromArray(_aHost, width, 1);
        _v = Tensor.FromArray(_vHost, n, width);
        _c = Tensor.FromArray(_cHost, width, 1);
        _q = rnd.Uniform(-0.5, 0.5);
    }

    public int Width { get; }

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

    /// <summary>∇Φ(x) = W(a ⊙ sech²(Wᵀx + b)) + V(c ⊙ cos(Vᵀx)) + q x, in plain doubles: [n] → [n].</summary>
    public double[] GradientClosedForm(double[] x)
    {
        var grad = x.Select(xi => _q * xi).ToArray();
        for (int k = 0; k < Width; k++)
        {
            double ridge = _bHost[k], wave = 0;
            for (int i = 0; i < Dimension; i++)
            {
                ridge += x[i] * _wHost[i * Width + k];
                wave += x[i] * _vHost[i * Width + k];
            }
            double tanh = Math.Tanh(ridge);
            double ridgeWeight = _aHost[k] * (1 - tanh * tanh), waveWeight = _cHost[k] * Math.Cos(wave);
            for (int i = 0; i < Dimension; i++) grad[i] += _wHost[i * Width + k] * ridgeWeight + _vHost[i * Width + k] * waveWeight;
        }
        return grad;
    }
}
