using System.Numerics;
using System.Runtime.CompilerServices;

namespace Engine.Backends.Cpu;

/// <summary>
/// The convolution's two gradients without their k-times-larger intermediates (wᵀ·g2 before col2im,
/// im2col(x) before the weight GEMM). Written out and read back, those cost as much memory traffic as
/// the GEMMs cost arithmetic in a U-Net training step; here each lives in a per-thread scratch block
/// that stays in cache. Both give the composite's bits:
/// <list type="bullet">
/// <item>Input gradient: chunks of the batch, as the forward. A column of wᵀ·g2 does not depend on the
/// others, and col2im sums each (batch, channel) plane's taps in the same order.</item>
/// <item>Weight gradient: the reduction runs over k = batch·Lout, so chunks of k must be summed in order
/// to keep the composite's rounding. The work is therefore cut the other way: each worker owns a range
/// of input channels (disjoint columns of dw) and walks all k-chunks in order, and chunks are whole
/// multiples of the GEMM's depth block, so its accumulating calls add the same block sums in the same
/// order as one long product.</item>
/// </list>
/// </summary>
public sealed partial class CpuBackend
{
    /// <inheritdoc/>
    public void Conv1dInputGrad(View gy, View w, View dx, int kernel, int stride, int padding, int dilation) =>
        InputGrad(gy, w, AsImage(dx), RowWindow(kernel, stride, padding, dilation));

    /// <inheritdoc/>
    public void Conv1dWeightGrad(View gy, View x, View dw, int kernel, int stride, int padding, int dilation) =>
        WeightGrad(gy, AsImage(x), dw, RowWindow(kernel, stride, padding, dilation));

    /// <inheritdoc/>
    public void Conv2dInputGrad(View gy, View w, View dx, ConvWindow2d window) => InputGrad(FlattenSpatial(gy), w, dx, window);

    /// <inheritdoc/>
    public void Conv2dWeightGrad(View gy, View x, View dw, ConvWindow2d window) => WeightGrad(FlattenSpatial(gy), x, dw, window);

    private static void InputGrad(View gy, View w, View dx, ConvWindow2d window)
    {
        if (gy.Storage.DType == DType.Float32) ConvInputGradT<float>(gy, w, dx, window);
        else ConvInputGradT<double>(gy, w, dx, window);
    }

    private static void WeightGrad(View gy, View x, View dw, ConvWindow2d window)
    {
        if (gy.Storage.DType == DType.Float32) ConvWeightGradT<float>(gy, x, dw, window);
        else ConvWeightGradT<double>(gy, x, dw, window);
    }

    /// <summary>gy [B, cout, Hout·Wout] (any strides), w [cout, cin·taps], dx [B, cin, H, W] contiguous.</summary>
    private static void ConvInputGradT<T>(View gy, View w, View dx, ConvWindow2d window)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int batch = gy.Shape[0], cout = gy.Shape[1], outLength = gy.Shape[2];
        int cin = dx.Shape[1], rows = cin * window.Taps;
        T[] gs = Data<T>(gy.Storage), ws = Data<T>(w.Storage), xs = Data<T>(dx.Storage);
        var (perChunk, chunks) = BatchChunks<T>(batch, outLength, Math.Max(rows, cout), ConvGradChunkBytes, ConvGradChunkMinColumns);

        // wᵀ (through swapped strides, as the composite's matmul reads it), packed once for all chunks.
        var packedWt = Gemm.PackedA<T>.Pack(rows, cout, ws, w.Offset, w.Strides[1], w.Strides[0]);

        void Chunk(int i)
        {
            int b0 = i * perChunk, nb = Math.Min(batch, b0 + perChunk) - b0, n = nb * outLength;
            var g2 = ConvScratch<T>.Out(cout * n);
            GatherColumns(gs, gy, b0, nb, g2);
            var cols = ConvScratch<T>.Cols(rows * n);
            // cols [rows, nb·Lout] = wᵀ · g2.
            Gemm.MultiplyPacked(packedWt, n, g2, 0, n, 1, cols, 0, n, accumulate: false);
            ScatterColumns(cols, xs, SubImage(dx, b0, nb, 0, cin), window);
        }

        RunSerialGemmWorkers(chunks, (long)cout * rows * batch * outLength, Chunk);
    }

    /// <summary>gy [B, cout, Hout·Wout] (any strides), x [B, cin, H, W] (any strides), dw [cout, cin·taps] contiguous.</summary>
    private static void ConvWeightGradT<T>(View gy, View x, View dw, ConvWindow2d window)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int batch = gy.Shape[0], cout = gy.Shape[1], outLength = gy.Shape[2];
        int cin = x.Shape[1], kernel = window.Taps, rows = cin * kernel;
        T[] gs = Data<T>(gy.Storage), xs = Data<T>(x.Storage), ws = Data<T>(dw.Storage);
        if (batch == 0)
        {
            // An empty sum: the composite's GEMM with k = 0 writes zeros.
            new Span<T>(ws, dw.Offset, cout * rows).Clear();
            return;
        }
        // k-chunks of whole batch entries whose length is a multiple of the depth block (about 256
        // columns); when no batch count short of the whole batch aligns, one chunk (the plain product).
        int depth = Gemm.DepthBlock<T>();
        int align = depth / (int)BigInteger.GreatestCommonDivisor(outLength, depth);
        int perChunk = align >= batch ? batch : align * Math.Max(1, 256 / (align * outLength));
        perChunk = Math.Min(perChunk, batch);
        int chunks = (batch + perChunk - 1) / perChunk, maxColumns = perChunk * outLength;
        long work = (long)cout * rows * batch * outLength;
        bool parallel = work >= Gemm.ParallelThreshold && Environment.ProcessorCount > 1;
        // Channels per worker: the im2col block (channels·K rows × the chunk's columns) within ~512 KiB
        // (half of L2; measured best on W4 against 128 and 256 KiB), at least one range per core when
        // the work is worth spreading, and ranges of equal size (a short last range wastes tile edges).
        int perRange = Math.Clamp((512 << 10) / (Unsafe.SizeOf<T>() * kernel * maxColumns), 1, cin);
        if (parallel) perRange = Math.Min(perRange, (cin + Environment.ProcessorCount - 1) / Environment.ProcessorCount);
        int ranges = (cin + perRange - 1) / perRange;
        perRange = (cin + ranges - 1) / ranges;
        ranges = (cin + perRange - 1) / perRange;

        void Range(int r)
        {
            int c0 = r * perRange, nc = Math.Min(cin, c0 + perRange) - c0, rangeRows = nc * kernel;
            for (int chunk = 0; chunk < chunks; chunk++)
            {
                int b0 = chunk * perChunk, nb = Math.Min(batch, b0 + perChunk) - b0, n = nb * outLength;
                var g2 = ConvScratch<T>.Out(cout * n);
                GatherColumns(gs, gy, b0, nb, g2);
                var cols = ConvScratch<T>.Cols(rangeRows * n);
                FillColumns(xs, SubImage(x, b0, nb, c0, nc), cols, window);
                // dw[:, c0·K ..] (+)= g2 · colsᵀ: the chunk's k-range of the composite's product.
                Gemm.Multiply(cout, rangeRows, n, g2, 0, n, 1, cols, 0, 1, n, ws, dw.Offset + c0 * kernel, rows, accumulate: chunk > 0);
            }
        }

        RunSerialGemmWorkers(ranges, parallel ? work : 0, Range);
    }

    /// <summary>dst [cout, nb·Lout] = gy[b0 .. b0 + nb] in the GEMM's layout (column = batch entry · Lout + t).</summary>
    private static void GatherColumns<T>(T[] gs, View gy, int b0, int nb, T[] dst) where T : unmanaged
    {
        int cout = gy.Shape[1], outLength = gy.Shape[2], n = nb * outLength;
        int sb = gy.Strides[0], so = gy.Strides[1], st = gy.Strides[2];
        for (int o = 0; o < cout; o++)
            for (int b = 0; b < nb; b++)
            {
                int src = gy.Offset + (b0 + b) * sb + o * so, at = o * n + b * outLength;
                if (st == 1)
                {
                    new ReadOnlySpan<T>(gs, src, outLength).CopyTo(new Span<T>(dst, at, outLength));
                    continue;
                }
                for (int t = 0; t < outLength; t++) dst[at + t] = gs[src + t * st];
            }
    }

    /// <summary>
    /// Runs <paramref name="body"/> for items [0, count), claimed in order from a shared counter by one
    /// worker per core when <paramref name="work"/> (multiply-adds) pays for it; each worker keeps its
    /// GEMMs on its own thread. Which worker runs an item never changes its result.
    /// </summary>
    private static void RunSerialGemmWorkers(int count, long work, Action<int> body)
    {
        int threads = Math.Min(Environment.ProcessorCount, count);
        if (threads <= 1 || work < Gemm.ParallelThreshold)
        {
            for (int i = 0; i < count; i++) body(i);
            return;
        }
        int next = -1;
        Parallel.For(0, threads, _ =>
        {
            bool saved = Gemm.SerialOnThisThread;
            Gemm.SerialOnThisThread = true;
            try
            {
                for (int i; (i = Interlocked.Increment(ref next)) < count;) body(i);
            }
            finally
            {
                Gemm.SerialOnThisThread = saved;
            }
        });
    }
}
