using System.Numerics;
using System.Runtime.CompilerServices;

namespace Engine.Backends.Cpu;

/// <summary>
/// Convolution forward by chunks of the batch: each chunk's im2col goes into a per-thread scratch
/// buffer small enough to stay in cache (about 128 KiB, at least 64 GEMM columns), then one GEMM
/// writes that chunk's columns of y. The im2col matrix never reaches memory, and the GEMM packs its B
/// operand from cache. Chunks are spread over the cores, each GEMM then runs on its own thread. Each
/// element of y comes from the same GEMM operation sequence as the unchunked product (the GEMM's k
/// order does not depend on n), so the chunking changes no bit.
/// </summary>
public sealed partial class CpuBackend : IFusedConvBackend, IFusedConv2dBackend
{
    /// <inheritdoc/>
    public void Conv1dForward(View x, View w, View? bias, View y, int kernel, int stride, int padding, int dilation) =>
        Conv2dForward(AsImage(x), w, bias, y, RowWindow(kernel, stride, padding, dilation));

    /// <inheritdoc/>
    public void Conv2dForward(View x, View w, View? bias, View y, ConvWindow2d window)
    {
        if (x.Storage.DType == DType.Float32) ConvT<float>(x, w, bias, y, window);
        else ConvT<double>(x, w, bias, y, window);
    }

    /// <summary>Forward chunking: im2col bytes per chunk and the least GEMM width (tuning aids: bench's conv-probe).</summary>
    internal static int ConvChunkBytes { get; set; } = 128 << 10;

    /// <inheritdoc cref="ConvChunkBytes"/>
    internal static int ConvChunkMinColumns { get; set; } = 128;

    /// <summary>Input-gradient chunking, as <see cref="ConvChunkBytes"/>.</summary>
    internal static int ConvGradChunkBytes { get; set; } = 256 << 10;

    /// <inheritdoc cref="ConvGradChunkBytes"/>
    internal static int ConvGradChunkMinColumns { get; set; } = 256;

    private static class ConvScratch<T>
    {
        [ThreadStatic] private static T[]? _cols, _out;

        public static T[] Cols(int length)
        {
            if (_cols == null || _cols.Length < length) _cols = new T[length];
            return _cols;
        }

        public static T[] Out(int length)
        {
            if (_out == null || _out.Length < length) _out = new T[length];
            return _out;
        }
    }

    /// <summary>The forward over images x [B, cin, H, W] (a 1-D convolution: H = 1 and a row window).</summary>
    private static void ConvT<T>(View x, View w, View? bias, View y, ConvWindow2d window) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int batch = x.Shape[0], cin = x.Shape[1], cout = w.Shape[0], rows = cin * window.Taps;
        int outLength = window.OutHeight(x.Shape[2]) * window.OutWidth(x.Shape[3]);
        T[] xs = Data<T>(x.Storage), ws = Data<T>(w.Storage), ys = Data<T>(y.Storage);
        T[]? bs = bias is View bv ? Data<T>(bv.Storage) : null;
        int bOffset = bias?.Offset ?? 0, bStride = bias?.Strides[0] ?? 0;
        // Chunks of ~128 KiB of im2col, at least 128 columns: with the weight packed once per call, small
        // chunks cost little and balance the two cores better (W5: 128 KiB / 64 beat 256 KiB / 256 by ~10 %),
        // but under 128 columns the GEMM loses to its edges (W7's convolutions, lengths 4-32, one thread:
        // 128 columns 10 % faster than 64, 256 no better than 128).
        var (perChunk, chunks) = BatchChunks<T>(batch, outLength, rows, ConvChunkBytes, ConvChunkMinColumns);

        // The weight is packed once for all chunks (each chunk's product would otherwise re-read it).
        var packedW = Gemm.PackedA<T>.Pack(cout, rows, ws, w.Offset, w.Strides[0], w.Strides[1]);

        void Chunk(int i)
        {
            int b0 = i * perChunk, nb = Math.Min(batch, b0 + perChunk) - b0, n = nb * outLength;
            var scratch = ConvScratch<T>.Cols(rows * n);
            // The chunk's im2col as [rows, nb·Lout] (im2col's [nb, rows, Lout] view of it, row-major in (b, t)).
            FillColumns(xs, SubImage(x, b0, nb, 0, cin), scratch, window);
            // The chunk's product [cout, nb·Lout] goes to a second scratch; the epilogue then writes it in
            // y's [batch, cout, Lout] layout with the bias added, while it is still in cache (the composite
            // needs a separate strided pass over memory for that).
            var product = ConvScratch<T>.Out(cout * n);
            Gemm.MultiplyPacked(packedW, n, scratch, 0, n, 1, product, 0, n, accumulate: false);
            for (int o = 0; o < cout; o++)
            {
                T add = bs == null ? T.Zero : bs[bOffset + o * bStride];
                for (int b = 0; b < nb; b++)
                {
                    var src = new ReadOnlySpan<T>(product, o * n + b * outLength, outLength);
                    var dst = new Span<T>(ys, y.Offset + ((b0 + b) * cout + o) * outLength, outLength);
                    if (bs == null) src.CopyTo(dst);
                    else AddScalar(src, add, dst);
                }
            }
        }

        RunSerialGemmWorkers(chunks, (long)cout * rows * batch * outLength, Chunk);
    }

    /// <summary>
    /// Batch entries per chunk and the chunk count, for a per-chunk scratch block of
    /// <paramref name="rows"/> × (entries · Lout) elements within about <paramref name="scratchBytes"/>,
    /// but at least <paramref name="minColumns"/> columns wide (a narrower GEMM wastes its tiles), and at
    /// least as many chunks as cores where the batch allows.
    /// </summary>
    private static (int PerChunk, int Chunks) BatchChunks<T>(int batch, int outLength, int rows, int scratchBytes, int minColumns) where T : unmanaged
    {
        int targetColumns = Math.Max(minColumns, scratchBytes / (Unsafe.SizeOf<T>() * Math.Max(1, rows)));
        int perChunk = Math.Clamp((targetColumns + outLength - 1) / outLength, 1, Math.Max(1, batch));
        // At least one chunk per core: each chunk's GEMM runs on one thread, so a single chunk (short
        // sequences: W7's length-4 levels are 256 columns for the whole batch) would leave the others idle.
        int cores = Environment.ProcessorCount;
        if (cores > 1) perChunk = Math.Min(perChunk, Math.Max(1, (batch + cores - 1) / cores));
        return (perChunk, (batch + perChunk - 1) / perChunk);
    }

    /// <summary>dst = src + s (one rounding per element, as the composite's broadcast add).</summary>
    private static void AddScalar<T>(ReadOnlySpan<T> src, T s, Span<T> dst) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector<T>.Count, i = 0;
        var vs = new Vector<T>(s);
        for (; i <= src.Length - w; i += w) (new Vector<T>(src[i..]) + vs).CopyTo(dst[i..]);
        for (; i < src.Length; i++) dst[i] = src[i] + s;
    }
}
