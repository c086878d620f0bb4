using System.Numerics;
using System.Numerics.Tensors;

namespace Engine.Backends.Cpu;

public sealed partial class CpuBackend
{
    /// <summary>
    /// Reductions walk the input in its own memory order and accumulate into the output, whose
    /// strides are 0 along the reduced axes. Contiguous runs use TensorPrimitives (vector lanes, so
    /// float sums are more accurate than a scalar loop). The order of accumulation is fixed by the
    /// layout alone; when the outermost axis is kept, its slices are split over the cores, each
    /// thread owning disjoint outputs, so the result does not depend on the thread count.
    /// </summary>
    public void Reduce(ReduceKind kind, View x, int[] axes, View dst)
    {
        if (x.Storage.DType == DType.Float32) ReduceT<float>(kind, x, axes, dst);
        else ReduceT<double>(kind, x, axes, dst);
    }

    private static void ReduceT<T>(ReduceKind kind, View x, int[] axes, View dst) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var xs = Data<T>(x.Storage);
        var ys = Data<T>(dst.Storage);
        T init = kind switch { ReduceKind.Sum => T.Zero, ReduceKind.Max => T.NegativeInfinity, _ => T.PositiveInfinity };
        new Span<T>(ys, dst.Offset, (int)dst.Numel).Fill(init);

        int rank = x.Rank;
        var outStrides = new int[rank];
        int k = dst.Rank - 1;
        for (int d = rank - 1; d >= 0; d--)
            outStrides[d] = Array.BinarySearch(axes, d) >= 0 ? 0 : dst.Strides[k--];

        var run = new ReduceRun<T>(kind, xs, ys);
        long total = x.Numel;
        bool splitOuter = rank > 0 && outStrides[0] != 0 && x.Shape[0] > 1 && total >= Strided.ParallelThreshold;
        if (!splitOuter)
        {
            Strided.ForEachRun(x.Shape, [x.Strides, outStrides], [x.Offset, dst.Offset], run, allowParallel: false);
            return;
        }
        int n0 = x.Shape[0], chunks = Math.Min(Environment.ProcessorCount, n0);
        var subShape = (int[])x.Shape.Clone();
        Parallel.For(0, chunks, c =>
        {
            int lo = (int)((long)n0 * c / chunks), hi = (int)((long)n0 * (c + 1) / chunks);
            var shape = (int[])subShape.Clone();
            shape[0] = hi - lo;
            Strided.ForEachRun(shape, [x.Strides, outStrides], [x.Offset + lo * x.Strides[0], dst.Offset + lo * outStrides[0]], run, allowParallel: false);
        });
    }

    private readonly struct ReduceRun<T>(ReduceKind kind, T[] x, T[] y) : IRunKernel where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(ReadOnlySpan<int> o, ReadOnlySpan<int> s, int n)
        {
            if (s[1] == 0)
            {
                T acc;
                if (s[0] == 1)
                {
                    var span = new ReadOnlySpan<T>(x, o[0], n);
                    acc = kind switch { ReduceKind.Sum => TensorPrimitives.Sum(span), ReduceKind.Max => TensorPrimitives.Max(span), _ => TensorPrimitives.Min(span) };
                }
                else
                {
                    acc = x[o[0]];
                    for (int i = 1, xi = o[0] + s[0]; i < n; i++, xi += s[0]) acc = Combine(kind, acc, x[xi]);
                }
                y[o[1]] = Combine(kind, y[o[1]], acc);
                return;
            }
            if (s[0] == 1 && s[1] == 1)
            {
                var src = new ReadOnlySpan<T>(x, o[0], n);
                var dst = new Span<T>(y, o[1], n);
                if (kind == ReduceKind.Sum) TensorPrimitives.Add(dst, src, dst);
                else if (kind == ReduceKind.Max) TensorPrimitives.Max(dst, src, dst);
                else TensorPrimitives.Min(dst, src, dst);
                return;
            }
            for (int i = 0, xi = o[0], yi = o[1]; i < n; i++, xi += s[0], yi += s[1]) y[yi] = Combine(kind, y[yi], x[xi]);
        }

        private static T Combine(ReduceKind kind, T a, T b) => kind switch
        {
            ReduceKind.Sum => a + b,
            ReduceKind.Max => a >= b || T.IsNaN(a) ? a : b,
            _ => a <= b || T.IsNaN(a) ? a : b,
        };
    }
}
