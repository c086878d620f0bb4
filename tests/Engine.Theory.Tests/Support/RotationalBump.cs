namespace Engine.Theory.Tests.Support;

/// <summary>
/// r = γ·∇^⊥ψ = γ(∂ᵧψ, −∂ₓψ) for the bump ψ(x) = exp(−‖x − c‖²/(2ℓ²)): a smooth, bounded, divergence-free
/// field with curl −γΔψ ≠ 0 — the kind of error that makes a learned "score" non-conservative.
/// </summary>
public sealed record RotationalBump(double CentreX, double CentreY, double Length, double Strength)
{
    public (double X, double Y) At(double x, double y)
    {
        double dx = x - CentreX, dy = y - CentreY, l2 = Length * Length;
        double k = Strength * Math.Exp(-0.5 * (dx * dx + dy * dy) / l2) / l2;
        return (-k * dy, k * dx);
    }
}
