using Engine.Kernels.Runtime;
using ILGPU;
using ILGPU.Runtime;

namespace Engine.Kernels.Rng;

/// <summary>Host side of the random kernels. Each fills the first n elements of a dense view.</summary>
public sealed class RandomLaunchers(KernelCache cache)
{
    public void Uniform(ulong key, uint stream, ulong offset, ArrayView<float> y, int n) =>
        Launch("UniformF", RandomKernels.UniformF, key, stream, offset, y, n);

    public void Uniform(ulong key, uint stream, ulong offset, ArrayView<double> y, int n) =>
        Launch("UniformD", RandomKernels.UniformD, key, stream, offset, y, n);

    public void Normal(ulong key, uint stream, ulong offset, ArrayView<float> y, int n) =>
        Launch("NormalF", RandomKernels.NormalF, key, stream, offset, y, n);

    public void Normal(ulong key, uint stream, ulong offset, ArrayView<double> y, int n) =>
        Launch("NormalD", RandomKernels.NormalD, key, stream, offset, y, n);

    public void Below(ulong key, uint stream, ulong offset, int bound, ArrayView<int> y, int n) =>
        LaunchBelow("BelowI", RandomKernels.BelowI, key, stream, offset, bound, y, n);

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
