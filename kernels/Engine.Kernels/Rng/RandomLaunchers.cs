using Engine.Kernels.Runtime;
using ILGPU;
using ILGPU.Runtime;

namespace Engine.Kernels.Rng;

/// <summary>Host side of the random kernels. Each fills the first n elements of a dense view.</summary>
public sealed class RandomLaunchers(KernelCache cache)
{
    /// <summary>y[i] = U[0, 1) draw number offset + i of (key, stream), in float32, for i &lt; n.</summary>
    /// <exception cref="ArgumentException"><paramref name="n"/> is negative or exceeds <paramref name="y"/>'s length.</exception>
    public void Uniform(ulong key, uint stream, ulong offset, ArrayView<float> y, int n) =>
        Launch("UniformF", RandomKernels.UniformF, key, stream, offset, y, n);

    /// <summary>y[i] = U[0, 1) draw number offset + i of (key, stream), in float64, for i &lt; n.</summary>
    /// <exception cref="ArgumentException"><paramref name="n"/> is negative or exceeds <paramref name="y"/>'s length.</exception>
    public void Uniform(ulong key, uint stream, ulong offset, ArrayView<double> y, int n) =>
        Launch("UniformD", RandomKernels.UniformD, key, stream, offset, y, n);

    /// <summary>y[i] = standard normal draw number offset + i of (key, stream), in float32, for i &lt; n.</summary>
    /// <exception cref="ArgumentException"><paramref name="n"/> is negative or exceeds <paramref name="y"/>'s length.</exception>
    public void Normal(ulong key, uint stream, ulong offset, ArrayView<float> y, int n) =>
        Launch("NormalF", RandomKernels.NormalF, key, stream, offset, y, n);

    /// <summary>y[i] = standard normal draw number offset + i of (key, stream), in float64, for i &lt; n.</summary>
    /// <exception cref="ArgumentException"><paramref name="n"/> is negative or exceeds <paramref name="y"/>'s length.</exception>
    public void Normal(ulong key, uint stream, ulong offset, ArrayView<double> y, int n) =>
        Launch("NormalD", RandomKernels.NormalD, key, stream, offset, y, n);

    /// <summary>y[i] = an integer uniform in [0, <paramref name="bound"/>), draw number offset + i of (key, stream), for i &lt; n.</summary>
    /// <exception cref="ArgumentException"><paramref name="n"/> or <paramref name="bound"/> is out of range, or <paramref name="n"/> exceeds <paramref name="y"/>'s length.</exception>
    public void Below(ulong key, uint stream, ulong offset, int bound, ArrayView<int> y, int n) =>
        LaunchBelow("BelowI", RandomKernels.BelowI, key, stream, offset, bound, y, n);

    /// <summary>Integers uniform in [0, <paramref name="bound"/>) stored as float32 (exact below 2²⁴), for i &lt; n.</summary>
    /// <exception cref="ArgumentException"><paramref name="n"/> or <paramref name="bound"/> is out of range, or <paramref name="n"/> exceeds <paramref name="y"/>'s length.</exception>
    public void Below(ulong key, uint stream, ulong offset, int bound, ArrayView<float> y, int n) =>
        LaunchBelow("BelowF", RandomKernels.BelowF, key, stream, offset, bound, y, n);

    private void Launch<T>(string kernel, Action<int, ulong, uint, ulong, ArrayView<T>> body, ulong key, uint stream, ulong offset,
        ArrayView<T> y, int n) where T : unmanaged
    {
        Check.NonNegative(kernel, "n", n);
        Check.Length(kernel, "y", y, n);
        if (n == 0) return;
        cache.Get(kernel, acc => acc.LoadStreamKernel(body))(cache.Linear(n), n, key, stream, offset, y);
    }

    private void LaunchBelow<T>(string kernel, Action<int, ulong, uint, ulong, int, ArrayView<T>> body, ulong key, uint stream,
        ulong offset, int bound, ArrayView<T> y, int n) where T : unmanaged
    {
        Check.NonNegative(kernel, "n", n);
        Check.Positive(kernel, "bound", bound);
        Check.Length(kernel, "y", y, n);
        if (n == 0) return;
        cache.Get(kernel, acc => acc.LoadStreamKernel(body))(cache.Linear(n), n, key, stream, offset, bound, y);
    }
}
