namespace Engine.Backends;

/// <summary>Coefficients of one Adam update (see <see cref="IFusedOptimizerBackend.Adam"/>).</summary>
/// <param name="Beta1">β₁, the decay of the first moment.</param>
/// <param name="Beta2">β₂, the decay of the second moment.</param>
/// <param name="Eps">ε added to √v̂.</param>
/// <param name="WeightDecay">L2 weight decay added to the gradient (0 for none).</param>
/// <param name="StepSize">lr / (1 − β₁ᵗ).</param>
/// <param name="InvSqrtBias2">1 / √(1 − β₂ᵗ).</param>
public readonly record struct AdamCoefficients(double Beta1, double Beta2, double Eps, double WeightDecay, double StepSize, double InvSqrtBias2);

/// <summary>
/// Optional fused optimiser updates: one pass over parameter, gradient and state instead of about a
/// dozen elementwise ops (each a full pass, and a fresh tensor) per parameter. Not differentiable;
/// optimisers call it under NoGrad and fall back to tensor ops on backends without it.
/// </summary>
public interface IFusedOptimizerBackend
{
    /// <summary>
    /// All views contiguous and equally long; m and v null at the first step (zero state). In the element
    /// type T, with every coefficient rounded to T: g ← g + p·λ (only if λ ≠ 0); m′ = m·β₁ + g·(1 − β₁);
    /// v′ = v·β₂ + g²·(1 − β₂); p′ = p − (m′ / (√v′·InvSqrtBias2 + eps))·StepSize, the same operations
    /// in the same order as the tensor-op form, so both give the same bits.
    /// </summary>
    void Adam(View p, View g, View? m, View? v, View pOut, View mOut, View vOut, AdamCoefficients c);
}
