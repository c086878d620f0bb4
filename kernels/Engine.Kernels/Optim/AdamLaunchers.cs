using System.Numerics;
using Engine.Kernels.Runtime;
using ILGPU;
using ILGPU.Runtime;

namespace Engine.Kernels.Optim;

/// <summary>Host side of the fused Adam update; built on a <see cref="KernelCache"/> by whoever needs it.</summary>
public sealed class AdamLaunchers(KernelCache cache)
{
    /// <summary>One Adam step over n elements; <paramref name="m"/>/<paramref name="v"/> null at the first step (zero state).</summary>
    /// <exception cref="ArgumentException">A view is shorter than n or was disposed.</exception>
    public void Adam<T>(int n, AdamScalars<T> c, bool decay, ArrayView<T> p, ArrayView<T> g, ArrayView<T>? m, ArrayView<T>? v,
        ArrayView<T> pOut, ArrayView<T> mOut, ArrayView<T> vOut) where T : unmanaged, IFloatingPointIeee754<T>
    {
        const string kernel = "Adam";
        Check.NonNegative(kernel, "n", n);
        Check.That(m.HasValue == v.HasValue, kernel, "m and v are given together or not at all");
        if (n == 0) return;
        foreach (var (name, view) in new[] { ("p", p), ("g", g), ("pOut", pOut), ("mOut", mOut), ("vOut", vOut), ("m", m ?? p), ("v", v ?? p) })
            Check.Length(kernel, name, view, n);
        cache.Get(kernel, acc => acc.LoadStreamKernel<int, AdamScalars<T>, int, int, ArrayView<T>, ArrayView<T>, ArrayView<T>,
            ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>>(AdamKernels.Adam<T>), typeof(T))(
            cache.Linear(n), n, c, decay ? 1 : 0, m.HasValue ? 1 : 0, p, g, m ?? p, v ?? p, pOut, mOut, vOut);
    }
}
