using Engine.Kernels.Scalar;
using ILGPU;

namespace Engine.Kernels.Rng;

/// <summary>
/// Counter-based random numbers: element i of a draw is <see cref="RandomElement"/> at index offset + i,
/// the same function the CPU backend calls, so both backends produce the same numbers from the same
/// (key, stream, offset) however the work is split. Float draws are computed in double, then rounded.
/// </summary>
public static class RandomKernels
{
    /// <summary>y[i] = Uniform[0, 1)(key, stream, offset + i) rounded to float32, for i &lt; n.</summary>
    [KernelEntry]
    public static void UniformF(int n, ulong key, uint stream, ulong offset, ArrayView<float> y)
    {
        int step = Grid.DimX * Group.DimX;
        for (int i = Grid.IdxX * Group.DimX + Group.IdxX; i < n; i += step)
            y[i] = (float)RandomElement.Uniform(key, stream, offset + (ulong)i);
    }

    /// <summary>y[i] = Uniform[0, 1)(key, stream, offset + i), for i &lt; n.</summary>
    [KernelEntry]
    public static void UniformD(int n, ulong key, uint stream, ulong offset, ArrayView<double> y)
    {
        int step = Grid.DimX * Group.DimX;
        for (int i = Grid.IdxX * Group.DimX + Group.IdxX; i < n; i += step)
            y[i] = RandomElement.Uniform(key, stream, offset + (ulong)i);
    }

    /// <summary>y[i] = N(0, 1)(key, stream, offset + i) rounded to float32, for i &lt; n.</summary>
    [KernelEntry]
    public static void NormalF(int n, ulong key, uint stream, ulong offset, ArrayView<float> y)
    {
        int step = Grid.DimX * Group.DimX;
        for (int i = Grid.IdxX * Group.DimX + Group.IdxX; i < n; i += step)
            y[i] = (float)RandomElement.Normal(key, stream, offset + (ulong)i);
    }

    /// <summary>y[i] = N(0, 1)(key, stream, offset + i), for i &lt; n.</summary>
    [KernelEntry]
    public static void NormalD(int n, ulong key, uint stream, ulong offset, ArrayView<double> y)
    {
        int step = Grid.DimX * Group.DimX;
        for (int i = Grid.IdxX * Group.DimX + Group.IdxX; i < n; i += step)
            y[i] = RandomElement.Normal(key, stream, offset + (ulong)i);
    }

    /// <summary>Integers uniform in [0, bound).</summary>
    [KernelEntry]
    public static void BelowI(int n, ulong key, uint stream, ulong offset, int bound, ArrayView<int> y)
    {
        int step = Grid.DimX * Group.DimX;
        for (int i = Grid.IdxX * Group.DimX + Group.IdxX; i < n; i += step)
            y[i] = (int)RandomElement.Below(key, stream, offset + (ulong)i, bound);
    }

    /// <summary>Integers uniform in [0, bound), stored as floats (index tensors kept in float).</summary>
    [KernelEntry]
    public static void BelowF(int n, ulong key, uint stream, ulong offset, int bound, ArrayView<float> y)
    {
        int step = Grid.DimX * Group.DimX;
        for (int i = Grid.IdxX * Group.DimX + Group.IdxX; i < n; i += step)
            y[i] = RandomElement.Below(key, stream, offset + (ulong)i, bound);
    }
}
