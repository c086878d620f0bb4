namespace Engine.Backends.Cpu;

/// <summary>Called once per contiguous-in-index run: <c>n</c> elements, operand k starting at offsets[k] stepping innerStrides[k].</summary>
internal interface IRunKernel
{
    void Run(ReadOnlySpan<int> offsets, ReadOnlySpan<int> innerStrides, int n);
}

/// <summary>
/// Iteration over several equally shaped strided operands. Dimensions that are contiguous for every
/// operand are merged first, so a contiguous tensor becomes one run and a transposed or broadcast one
/// becomes as few runs as its layout allows. Large iterations are split over the cores by element
/// range; each element is written by exactly one thread, so results do not depend on the split.
/// </summary>
internal static class Strided
{
    /// <summary>Elements below which an elementwise loop stays on one thread.</summary>
    public const int ParallelThreshold = 1 << 16;

    public static void ForEachRun<TKernel>(int[] shape, int[][] strides, int[] offsets, TKernel kernel, bool allowParallel = true)
        where TKernel : struct, IRunKernel
    {
        // Fast path: every operand dense and in row-major order, the common case, needs no coalescing.
        if (AllContiguous(shape, strides))
        {
            long n = ShapeUtil.Numel(shape);
            if (n == 0) return;
            int k = strides.Length;
            Span<int> ones = stackalloc int[k];
            ones.Fill(1);
            if (!allowParallel || n < ParallelThreshold)
            {
                kernel.Run(offsets, ones, (int)n);
                return;
            }
        }
        var (cshape, cstrides) = Coalesce(shape, strides);
        long total = ShapeUtil.Numel(cshape);
        if (total == 0) return;
        int chunks = allowParallel && total >= ParallelThreshold ? Math.Min(Environment.ProcessorCount, (int)(total / (ParallelThreshold / 2))) : 1;
        if (chunks <= 1)
        {
            RunRange(cshape, cstrides, offsets, 0, total, kernel);
            return;
        }
        Parallel.For(0, chunks, c => RunRange(cshape, cstrides, offsets, total * c / chunks, total * (c + 1) / chunks, kernel));
    }

    private static bool AllContiguous(int[] shape, int[][] strides)
    {
        foreach (var st in strides)
        {
            int expected = 1;
            for (int i = shape.Length - 1; i >= 0; i--)
            {
                if (shape[i] != 1 && st[i] != expected) return false;
                expected *= shape[i];
            }
        }
        return true;
    }

    /// <summary>Merges adjacent dimensions that are contiguous with each other in every operand and drops size-1 dimensions.</summary>
    public static (int[] Shape, int[][] Strides) Coalesce(int[] shape, int[][] strides)
    {
        int k = strides.Length;
        var dims = new List<int>(shape.Length);
        var str = new List<int>[k];
        for (int j = 0; j < k; j++) str[j] = new List<int>(shape.Length);
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] == 1) continue;
            if (dims.Count > 0)
            {
                int last = dims.Count - 1;
                bool mergeable = true;
                for (int j = 0; j < k && mergeable; j++)
                    mergeable = str[j][last] == strides[j][i] * shape[i];
                if (mergeable)
                {
                    dims[last] *= shape[i];
                    for (int j = 0; j < k; j++) str[j][last] = strides[j][i];
                    continue;
                }
            }
            dims.Add(shape[i]);
            for (int j = 0; j < k; j++) str[j].Add(strides[j][i]);
        }
        if (dims.Count == 0)
        {
            dims.Add(1);
            for (int j = 0; j < k; j++) str[j].Add(0);
        }
        var outStrides = new int[k][];
        for (int j = 0; j < k; j++) outStrides[j] = str[j].ToArray();
        return (dims.ToArray(), outStrides);
    }

    private static void RunRange<TKernel>(int[] shape, int[][] strides, int[] baseOffsets, long start, long end, TKernel kernel)
        where TKernel : struct, IRunKernel
    {
        int rank = shape.Length, k = strides.Length;
        int inner = shape[rank - 1];
        Span<int> innerStrides = stackalloc int[k];
        Span<int> offsets = stackalloc int[k];
        Span<int> index = stackalloc int[Math.Max(rank - 1, 1)];
        for (int j = 0; j < k; j++) innerStrides[j] = strides[j][rank - 1];

        long outer = start / inner;
        int i0 = (int)(start % inner);
        long rem = outer;
        for (int d = rank - 2; d >= 0; d--)
        {
            index[d] = (int)(rem % shape[d]);
            rem /= shape[d];
        }
        // Offsets of the current run's first element, kept up to date as the outer index steps like an
        // odometer: layouts with short inner runs (a [.., 4, 6] window gather) do little work per run, so
        // recomputing every offset from the full index each time cost more than the copy itself.
        for (int j = 0; j < k; j++)
        {
            int off = baseOffsets[j];
            for (int d = 0; d < rank - 1; d++) off += index[d] * strides[j][d];
            offsets[j] = off;
        }
        long pos = start;
        Span<int> runOffsets = stackalloc int[k];
        while (pos < end)
        {
            for (int j = 0; j < k; j++) runOffsets[j] = offsets[j] + i0 * innerStrides[j];
            int n = (int)Math.Min(inner - i0, end - pos);
            kernel.Run(runOffsets, innerStrides, n);
            pos += n;
            i0 = 0;
            for (int d = rank - 2; d >= 0; d--)
            {
                if (++index[d] < shape[d])
                {
                    for (int j = 0; j < k; j++) offsets[j] += strides[j][d];
                    break;
                }
                index[d] = 0;
                for (int j = 0; j < k; j++) offsets[j] -= (shape[d] - 1) * strides[j][d];
            }
        }
    }
}
