using System.Numerics;
using ILGPU;

namespace Engine.Kernels.Optim;

/// <summary>The coefficients of one Adam update, rounded to the element type on the host.</summary>
/// <typeparam name="T">float or double.</typeparam>
public readonly struct AdamScalars<T>(T beta1, T beta2, T oneMinusBeta1, T oneMinusBeta2, T eps, T weightDecay, T stepSize, T invSqrtBias2)
    where T : unmanaged
{
    /// <summary>β₁, β₂ and their complements 1 − β₁, 1 − β₂.</summary>
    public readonly T Beta1 = beta1, Beta2 = beta2, OneMinusBeta1 = oneMinusBeta1, OneMinusBeta2 = oneMinusBeta2;
    /// <summary>ε, the L2 weight decay λ, lr / (1 − β₁ᵗ) and 1 / √(1 − β₂ᵗ).</summary>
    public readonly T Eps = eps, WeightDecay = weightDecay, StepSize = stepSize, InvSqrtBias2 = invSqrtBias2;
}

/// <summary>
/// Adam in one pass over parameter, gradient and moments, in the order of the tensor-op form (so the same bits):
/// g ← g + p·λ (if λ ≠ 0); m′ = m·β₁ + g·(1 − β₁); v′ = v·β₂ + g²·(1 − β₂); p′ = p − (m′ / (√v′·InvSqrtBias2 + ε))·StepSize.
/// One kernel for float and double through <see cref="IFloatingPointIeee754{TSelf}"/> (see MatMulDirectKernels).
/// </summary>
public static class AdamKernels
{
    /// <summary>All views dense and n long; without state (first step) m and v are ignored and taken as zero.</summary>
    [KernelEntry]
    public static void Adam<T>(int n, AdamScalars<T> c, int decay, int hasState, ArrayView<T> p, ArrayView<T> g, ArrayView<T> m,
        ArrayView<T> v, ArrayView<T> pOut, ArrayView<T> mOut, ArrayView<T> vOut) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int step = Grid.DimX * Group.DimX;
        for (int i = Grid.IdxX * Group.DimX + Group.IdxX; i < n; i += step)
        {
            T pi = p[i], gi = g[i];
            if (decay != 0) gi += pi * c.WeightDecay;
            T mi = hasState != 0 ? m[i] * c.Beta1 + gi * c.OneMinusBeta1 : gi * c.OneMinusBeta1;
            T vi = hasState != 0 ? v[i] * c.Beta2 + (gi * gi) * c.OneMinusBeta2 : (gi * gi) * c.OneMinusBeta2;
            T denom = T.Sqrt(vi) * c.InvSqrtBias2 + c.Eps;
            pOut[i] = pi - (mi / denom) * c.StepSize;
            mOut[i] = mi;
            vOut[i] = vi;
        }
    }
}
