namespace Engine.Theory.Tests.Support;

/// <summary>
/// A random non-conservative field on the unit square with a known L2 projection onto gradients:
/// F = ∇Φ + ∇^⊥Ψ with Φ(x) = Σₖ aₖ tanh(wₖ·x + bₖ) and Ψ = Σ c_kl sin(kπx) sin(lπy).
/// ∇^⊥Ψ = (∂ᵧΨ, −∂ₓΨ) is divergence-free and, because Ψ vanishes on the boundary, has zero normal
/// flux there; integrating by parts, ∫ ∇φ·∇^⊥Ψ = 0 for every potential φ, so the projection of F onto
/// (the closure of) gradient fields — the optimal relative reward gradient hₜ of Proposition 4.3 — is
/// exactly ∇Φ, and ∇^⊥Ψ is the residual.
/// </summary>
public sealed class HelmholtzField
{
    private readonly double[] _a, _wx, _wy, _b;
    private readonly double[,] _c;

    public HelmholtzField(Normals rnd, int ridges = 4, int modes = 3, double rotationalScale = 0.3)
    {
        _a = rnd.Vector(ridges);
        _wx = rnd.Vector(ridges, 2.0);
        _wy = rnd.Vector(ridges, 2.0);
        _b = rnd.Vector(ridges);
        _c = new double[modes, modes];
        for (int k = 0; k < modes; k++)
            for (int l = 0; l < modes; l++)
                _c[k, l] = rotationalScale * rnd.Next() / ((k + 1) * (l + 1));
    }

    // The rotational scale keeps ∇^⊥Ψ (whose modes grow like kπ) comparable to ∇Φ rather than dominant.

    /// <summary>Φ, the potential whose gradient is the projection.</summary>
    public double Potential(double x, double y)
    {
        double s = 0;
        for (int k = 0; k < _a.Length; k++) s += _a[k] * Math.Tanh(_wx[k] * x + _wy[k] * y + _b[k]);
        return s;
    }

    /// <summary>∇Φ(x, y).</summary>
    public (double X, double Y) Projection(double x, double y)
    {
        double gx = 0, gy = 0;
        for (int k = 0; k < _a.Length; k++)
        {
            double th = Math.Tanh(_wx[k] * x + _wy[k] * y + _b[k]);
            double d = _a[k] * (1 - th * th);
            gx += d * _wx[k];
            gy += d * _wy[k];
        }
        return (gx, gy);
    }

    /// <summary>∇^⊥Ψ(x, y) = (∂ᵧΨ, −∂ₓΨ): the divergence-free part, orthogonal to all gradients.</summary>
    public (double X, double Y) Rotational(double x, double y)
    {
        double px = 0, py = 0;
        for (int k = 0; k < _c.GetLength(0); k++)
            for (int l = 0; l < _c.GetLength(1); l++)
            {
                double kp = (k + 1) * Math.PI, lp = (l + 1) * Math.PI;
                px += _c[k, l] * kp * Math.Cos(kp * x) * Math.Sin(lp * y);
                py += _c[k, l] * lp * Math.Sin(kp * x) * Math.Cos(lp * y);
            }
        return (py, -px);
    }

    /// <summary>F = ∇Φ + ∇^⊥Ψ.</summary>
    public (double X, double Y) Field(double x, double y)
    {
        var (gx, gy) = Projection(x, y);
        var (rx, ry) = Rotational(x, y);
        return (gx + rx, gy + ry);
    }
}
