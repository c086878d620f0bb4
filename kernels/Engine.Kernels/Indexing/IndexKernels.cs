using System.Numerics;
using ILGPU;

namespace Engine.Kernels.Indexing;

/// <summary>
/// Index-select and index-add along one axis. Indices are data on the device, so the host cannot check
/// them before a launch without a read-back: the kernels treat an index outside [0, Axis) as selecting
/// nothing (gather writes 0, scatter skips it) rather than touching memory out of range.
/// </summary>
public static class IndexKernels
{
    /// <summary>dst[o, j, i] = src[o, idx[j], i].</summary>
    [KernelEntry]
    public static void Gather<T>(AxisShape s, ArrayView<T> src, ArrayView<int> idx, ArrayView<T> dst) where T : unmanaged
    {
        int total = s.Outer * s.Count * s.Inner, step = Grid.DimX * Group.DimX;
        for (int e = Grid.IdxX * Group.DimX + Group.IdxX; e < total; e += step)
        {
            int i = e % s.Inner, j = e / s.Inner % s.Count, o = e / (s.Inner * s.Count);
            int t = idx[j];
            dst[e] = t >= 0 && t < s.Axis ? src[(o * s.Axis + t) * s.Inner + i] : default;
        }
    }

    /// <summary>
    /// dst[o, t, i] += Σ_{j : idx[j] = t} src[o, j, i] over j ascending: owner computes, no atomics, the CPU loop's bits.
    /// One kernel for float and double (it was a float/double twin).
    /// </summary>
    [KernelEntry]
    public static void ScatterAdd<T>(AxisShape s, ArrayView<T> src, ArrayView<int> idx, ArrayView<T> dst) where T : unmanaged, INumber<T>
    {
        int total = s.Outer * s.Axis * s.Inner, step = Grid.DimX * Group.DimX;
        for (int e = Grid.IdxX * Group.DimX + Group.IdxX; e < total; e += step)
        {
            int i = e % s.Inner, t = e / s.Inner % s.Axis, o = e / (s.Inner * s.Axis);
            T acc = dst[e];
            for (int j = 0; j < s.Count; j++)
                if (idx[j] == t) acc += src[(o * s.Count + j) * s.Inner + i];
            dst[e] = acc;
        }
    }
}
