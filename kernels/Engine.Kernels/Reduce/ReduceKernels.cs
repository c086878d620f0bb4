using Engine.Kernels.Layout;
using Engine.Kernels.Runtime;
using Engine.Kernels.Scalar;
using ILGPU;

namespace Engine.Kernels.Reduce;

/// <summary>
/// y[o] = scale · combine over r of map(x[outer(o) + inner(r)]). One group per output element: each
/// thread folds a fixed strided subset, then a fixed-shape tree in shared memory combines the partials.
/// No atomics, so for a given group size the result is the same on every run and every device.
/// </summary>
public static class ReduceKernels
{
    /// <summary>y[yl(o)] = scale · fold of combine over map(x[outer(o) + inner(r)]), r &lt; innerCount, starting from identity; float32.</summary>
    [KernelEntry]
    public static void ReduceF<TMap, TCombine>(TMap map, TCombine combine, float identity, float scale, int outCount, int innerCount,
        ArrayView<float> x, StridedLayout outer, StridedLayout inner, ArrayView<float> y, StridedLayout yl)
        where TMap : struct, IUnaryFunctor
        where TCombine : struct, IBinaryFunctor
    {
        var partial = SharedMemory.Allocate<float>(KernelCache.MaxGroupSize);
        int tid = Group.IdxX, size = Group.DimX;
        for (int o = Grid.IdxX; o < outCount; o += Grid.DimX)
        {
            int start = outer.Offset(o);
            float acc = identity;
            for (int r = tid; r < innerCount; r += size)
                acc = combine.Apply(acc, map.Apply(x[start + inner.Offset(r)]));
            partial[tid] = acc;
            Group.Barrier();
            for (int half = size / 2; half > 0; half /= 2)
            {
                if (tid < half) partial[tid] = combine.Apply(partial[tid], partial[tid + half]);
                Group.Barrier();
            }
            if (tid == 0) y[yl.Offset(o)] = partial[0] * scale;
            Group.Barrier();
        }
    }

    /// <summary>y[yl(o)] = scale · fold of combine over map(x[outer(o) + inner(r)]), r &lt; innerCount, starting from identity; float64.</summary>
    [KernelEntry]
    public static void ReduceD<TMap, TCombine>(TMap map, TCombine combine, double identity, double scale, int outCount, int innerCount,
        ArrayView<double> x, StridedLayout outer, StridedLayout inner, ArrayView<double> y, StridedLayout yl)
        where TMap : struct, IUnaryFunctor
        where TCombine : struct, IBinaryFunctor
    {
        var partial = SharedMemory.Allocate<double>(KernelCache.MaxGroupSize);
        int tid = Group.IdxX, size = Group.DimX;
        for (int o = Grid.IdxX; o < outCount; o += Grid.DimX)
        {
            int start = outer.Offset(o);
            double acc = identity;
            for (int r = tid; r < innerCount; r += size)
                acc = combine.Apply(acc, map.Apply(x[start + inner.Offset(r)]));
            partial[tid] = acc;
            Group.Barrier();
            for (int half = size / 2; half > 0; half /= 2)
            {
                if (tid < half) partial[tid] = combine.Apply(partial[tid], partial[tid + half]);
                Group.Barrier();
            }
            if (tid == 0) y[yl.Offset(o)] = partial[0] * scale;
            Group.Barrier();
        }
    }
}
