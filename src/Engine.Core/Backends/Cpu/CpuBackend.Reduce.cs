using System.Numerics;
using System.Numerics.Tensors;

namespace Engine.Backends.Cpu;

public sealed partial class CpuBackend
{
    /// <summary>
    /// Reductions walk the input in its own memory order and accumulate into the output, whose
    /// strides are 0 along the reduced axes. Contiguous runs use TensorPrimitives (vector lanes, so
    /// float sums are more accurate than a scalar loop). The order of accumulation is fixed by the
    /// layout alone; the outermost kept axis is split over the cores, each thread owning disjoint
    /// outputs, so the result does not depend on the thread count.
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
        if (TryOuterInner(kind, xs, x, axes, ys, dst)) return;
        new Span<T>(ys, dst.Offset, (int)dst.Numel).Fill(init);
        int rank = x.Rank;
        var outStrides = new int[rank];
        int k = dst.Rank - 1;
        for (int d = rank - 1; d >= 0; d--)
            outStrides[d] = Array.BinarySearch(axes, d) >= 0 ? 0 : dst.Strides[k--];

        var run = new ReduceRun<T>(kind, xs, ys);
        long total = x.Numel;
        // Split the outermost kept axis over the cores: each thread owns disjoint outputs and visits
        // each one's inputs in the same order as a single thread would (bias gradients reduce the
        // outer batch axis and keep the channels, so splitting only a kept axis 0 left them serial).
        int split = -1;
        for (int d = 0; d < rank && split < 0; d++)
            if (outStrides[d] != 0 && x.Shape[d] > 1) split = d;
        if (split < 0)
        {
            Strided.ForEachRun(x.Shape, [x.Strides, outStrides], [x.Offset, dst.Offset], run, allowParallel: false);
            return;
        }
        ForRanges(x.Shape[split], total < Strided.ParallelThreshold ? 1 : x.Shape[split], (lo, hi) =>
        {
            var shape = (int[])x.Shape.Clone();
            shape[split] = hi - lo;
            Strided.ForEachRun(shape, [x.Strides, outStrides],
                [x.Offset + lo * x.Strides[split], dst.Offset + lo * outStrides[split]], run, allowParallel: false);
        });
    }

    /// <summary>
    /// Contiguous x whose reduced axes are a leading block and a trailing block around the kept ones,
    /// [outer, kept, inner] (a bias gradient: [batch, channels, length] → [channels]): each output sums
    /// its inner runs outer row by outer row, in the same order as the generic walk (same bits), but
    /// without its per-run stepping, which dominated for short rows. Outputs are split over the cores.
    /// </summary>
    private static bool TryOuterInner<T>(ReduceKind kind, T[] xs, View x, int[] axes, T[] ys, View dst) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rank = x.Rank, lead = 0, trail = 0;
        if (kind != ReduceKind.Sum || axes.Length == 0 || axes.Length == rank || !x.IsContiguous || !dst.IsContiguous) return false;
        while (lead < axes.Length && axes[lead] == lead) lead++;
        while (trail < axes.Length - lead && axes[axes.Length - 1 - trail] == rank - 1 - trail) trail++;
        if (lead + trail != axes.Length || trail == 0) return false;
        long outer = 1, kept = 1, inner = 1;
        for (int d = 0; d < rank; d++)
        {
            if (d < lead) outer *= x.Shape[d];
            else if (d < rank - trail) kept *= x.Shape[d];
            else inner *= x.Shape[d];
        }
        if (inner < 2 || outer * kept * inner > int.MaxValue) return false;
        int n = (int)inner, m = (int)kept, a = (int)outer, xo = x.Offset, yo = dst.Offset;
        void Outputs(int lo, int hi)
        {
            for (int j = lo; j < hi; j++)
            {
                T acc = T.Zero;
                for (int i = 0; i < a; i++) acc += TensorPrimitives.Sum(new ReadOnlySpan<T>(xs, xo + (i * m + j) * n, n));
                ys[yo + j] = acc;
            }
        }
        ForRanges(m, x.Numel < Strided.ParallelThreshold ? 1 : m, Outputs);
        return true;
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
