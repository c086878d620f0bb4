using Engine.Backends;

namespace Engine;

/// <summary>Fused optimiser updates for backends that offer them (<see cref="IFusedOptimizerBackend"/>); no autodiff.</summary>
public static class OptimizerKernels
{
    /// <summary>
    /// One Adam update of a parameter in a single pass: the new value and the new moments, or false if
    /// the backend has no fused kernel (or dtypes/backends differ); the caller then uses tensor ops.
    /// <paramref name="m"/> and <paramref name="v"/> are null at the first step.
    /// </summary>
    public static bool TryAdam(Tensor p, Tensor g, Tensor? m, Tensor? v, AdamCoefficients c,
        out Tensor newP, out Tensor newM, out Tensor newV)
    {
        newP = newM = newV = null!;
        if (p.Backend is not IFusedOptimizerBackend fused || !p.DType.IsFloat()) return false;
        foreach (var t in new[] { g, m, v })
            if (t != null && (t.DType != p.DType || t.Backend != p.Backend || !ShapeUtil.SameShape(t.Dims, p.Dims))) return false;
        if ((m == null) != (v == null)) return false;
        p = p.Contiguous(); g = g.Contiguous(); m = m?.Contiguous(); v = v?.Contiguous();
        newP = Uninitialized(p); newM = Uninitialized(p); newV = Uninitialized(p);
        fused.Adam(p.View, g.View, m?.View, v?.View, newP.View, newM.View, newV.View, c);
        return true;
    }

    private static Tensor Uninitialized(Tensor like) => Tensor.Uninitialized(like.Dims, like.DType, like.Backend);
}
