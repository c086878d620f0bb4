using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Engine.Kernels.Scalar;

namespace Engine.Backends.Cpu;

public sealed partial class CpuBackend : IFusedLinearBackend
{
    /// <inheritdoc/>
    public void MatMul(View a, View b, View dst)
    {
        if (a.Storage.DType == DType.Float32) MatMulT<float>(a, b, dst, Gemm.Multiply);
        else MatMulT<double>(a, b, dst, Gemm.Multiply);
    }

    /// <inheritdoc/>
    public void AddMatMul(View a, View b, View c, View dst)
    {
        if (a.Storage.DType == DType.Float32) AddMatMulT<float>(a, b, c, dst);
        else AddMatMulT<double>(a, b, c, dst);
    }

    private void AddMatMulT<T>(View a, View b, View c, View dst) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = a.Shape[0], k = a.Shape[1], n = b.Shape[1];
        // Within one depth block the GEMM computes each element's whole sum s and then stores c + s, which
        // rounds as the composite's s + c. Deeper products add several block sums, so there the bias is
        // added afterwards, as the composite does.
        bool intoBias = k >= 1 && k <= Gemm.DepthBlock<T>();
        if (intoBias) Copy(c, dst);
        Gemm.Multiply(m, n, k, Data<T>(a.Storage), a.Offset, a.Strides[0], a.Strides[1],
            Data<T>(b.Storage), b.Offset, b.Strides[0], b.Strides[1], Data<T>(dst.Storage), dst.Offset, n, accumulate: intoBias);
        if (!intoBias) Binary(new AddF(), dst, c, dst);
    }

    private delegate void GemmCall<T>(int m, int n, int k, T[] a, int aOffset, int aRowStride, int aColStride,
        T[] b, int bOffset, int bRowStride, int bColStride, T[] c, int cOffset, int ldc, bool accumulate);

    private static void MatMulT<T>(View a, View b, View dst, GemmCall<T> gemm)
    {
        int batch = a.Shape[0], m = a.Shape[1], k = a.Shape[2], n = b.Shape[2];
        int cStride = m * n;
        T[] aData = Data<T>(a.Storage), bData = Data<T>(b.Storage), cData = Data<T>(dst.Storage);
        void One(int i) => gemm(m, n, k, aData, a.Offset + i * a.Strides[0], a.Strides[1], a.Strides[2],
            bData, b.Offset + i * b.Strides[0], b.Strides[1], b.Strides[2], cData, dst.Offset + i * cStride, n, false);
        // Small products batched many times (per-sample MLPs, convolution groups) are spread over the
        // cores by batch entry; large ones leave the parallelism to the GEMM itself.
        bool parallelBatch = batch > 1 && (long)m * n * k < (1L << 18) && (long)batch * m * n * k >= (1L << 18);
        if (parallelBatch) Parallel.For(0, batch, One);
        else for (int i = 0; i < batch; i++) One(i);
    }

    /// <inheritdoc/>
    public void Im2Col(View x, View cols, int kernel, int stride, int padding, int dilation)
    {
        if (x.Storage.DType == DType.Float32) Im2ColT(Data<float>(x.Storage), x, Data<float>(cols.Storage), cols, kernel, stride, padding, dilation);
        else Im2ColT(Data<double>(x.Storage), x, Data<double>(cols.Storage), cols, kernel, stride, padding, dilation);
    }

    private static void Im2ColT<T>(T[] xs, View x, T[] cs, View cols, int kernel, int stride, int padding, int dilation, bool parallel = true) where T : unmanaged, INumber<T>
    {
        int batch = x.Shape[0], channels = x.Shape[1], length = x.Shape[2], outLength = cols.Shape[2];
        int sb = x.Strides[0], sc = x.Strides[1], sl = x.Strides[2];
        int cb = cols.Strides[0], cr = cols.Strides[1], ct = cols.Strides[2];
        int xOffset = x.Offset, colsOffset = cols.Offset;
        long im2colWork = parallel ? (long)batch * channels * kernel * outLength : 0;
        if (sl == 1 && ct == 1 && length + 2 * padding <= 4096)
        {
            ForPlanes(batch * channels, im2colWork, (lo, hi) =>
                Im2ColPadded(xs, cs, lo, hi, channels, length, outLength, kernel, stride, padding, dilation, xOffset, sb, sc, colsOffset, cb, cr));
            return;
        }
        ForPlanes(batch * channels, im2colWork, (lo, hi) =>
        {
            for (int bc = lo; bc < hi; bc++)
            {
                int bi = bc / channels, c = bc % channels;
                int xBase = xOffset + bi * sb + c * sc;
                for (int j = 0; j < kernel; j++)
                {
                    int row = colsOffset + bi * cb + (c * kernel + j) * cr;
                    int shift = j * dilation - padding;
                    // Taps t read l = t·stride + shift; only t in [t0, t1) land inside [0, length).
                    int t0 = shift >= 0 ? 0 : Math.Min(outLength, (-shift + stride - 1) / stride);
                    int t1 = Math.Clamp((length - 1 - shift) / stride + 1, t0, outLength);
                    if (length - 1 - shift < 0) t1 = t0;
                    if (ct == 1 && stride == 1 && sl == 1)
                    {
                        // Span copies: rows are short (the horizon), and Array.Copy's per-call checks
                        // cost as much as the copy itself at 16 elements.
                        var dst = new Span<T>(cs, row, outLength);
                        if (t1 <= t0) { dst.Clear(); continue; }
                        dst[..t0].Clear();
                        new ReadOnlySpan<T>(xs, xBase + t0 + shift, t1 - t0).CopyTo(dst[t0..t1]);
                        dst[t1..].Clear();
                        continue;
                    }
                    for (int t = 0; t < t0; t++) cs[row + t * ct] = T.Zero;
                    if (t1 <= t0)
                    {
                        // No tap of this kernel offset lands inside the input.
                    }
                    else
                    {
                        for (int t = t0; t < t1; t++) cs[row + t * ct] = xs[xBase + (t * stride + shift) * sl];
                    }
                    for (int t = t1; t < outLength; t++) cs[row + t * ct] = T.Zero;
                }
            }
        });
    }

    /// <summary>
    /// im2col for unit-stride rows, planes [lo, hi): each (batch, channel) plane is copied once into a
    /// zero-padded scratch row, and every tap's output row is then a plain shifted (for stride s,
    /// every s-th) copy of it, so no per-tap bounds logic or clearing. Rows are short (the horizon, down to 16), where the per-call
    /// cost of Array.Copy/Clear exceeded the copy itself; vector loads and stores have none.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Im2ColPadded<T>(T[] xs, T[] cs, int lo, int hi, int channels, int length, int outLength, int kernel,
        int stride, int padding, int dilation, int xOffset, int sb, int sc, int colsOffset, int cb, int cr) where T : unmanaged, INumber<T>
    {
        int padded = length + 2 * padding, w = Vector<T>.Count;
        T* buf = stackalloc T[padded];
        new Span<T>(buf, padded).Clear();
        fixed (T* px = xs, pc = cs)
        {
            for (int bc = lo; bc < hi; bc++)
            {
                int bi = bc / channels, c = bc % channels;
                new ReadOnlySpan<T>(px + xOffset + bi * sb + c * sc, length).CopyTo(new Span<T>(buf + padding, length));
                for (int j = 0; j < kernel; j++)
                {
                    T* src = buf + j * dilation, dst = pc + colsOffset + bi * cb + (c * kernel + j) * cr;
                    if (stride != 1)
                    {
                        for (int u = 0; u < outLength; u++) dst[u] = src[u * stride];
                        continue;
                    }
                    int t = 0;
                    for (; t <= outLength - w; t += w) Unsafe.WriteUnaligned(dst + t, Unsafe.ReadUnaligned<Vector<T>>(src + t));
                    for (; t < outLength; t++) dst[t] = src[t];
                }
            }
        }
    }

    /// <inheritdoc/>
    public void Col2Im(View cols, View x, int kernel, int stride, int padding, int dilation)
    {
        if (x.Storage.DType == DType.Float32) Col2ImT(Data<float>(cols.Storage), cols, Data<float>(x.Storage), x, kernel, stride, padding, dilation);
        else Col2ImT(Data<double>(cols.Storage), cols, Data<double>(x.Storage), x, kernel, stride, padding, dilation);
    }

    private static void Col2ImT<T>(T[] cs, View cols, T[] xs, View x, int kernel, int stride, int padding, int dilation, bool parallel = true) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int batch = x.Shape[0], channels = x.Shape[1], length = x.Shape[2], outLength = cols.Shape[2];
        long col2imWork = parallel ? (long)batch * channels * kernel * outLength : 0;
        int sb = x.Strides[0], sc = x.Strides[1], sl = x.Strides[2];
        int cb = cols.Strides[0], cr = cols.Strides[1], ct = cols.Strides[2];
        // Each (batch, channel) plane of x is owned by one thread and accumulated in a fixed (j, t)
        // order: deterministic without atomics.
        if (sl == 1 && ct == 1 && length + 2 * padding <= 4096)
        {
            int xOffset = x.Offset, colsOffset = cols.Offset;
            ForPlanes(batch * channels, col2imWork, (lo, hi) =>
                Col2ImPadded(cs, xs, lo, hi, channels, length, outLength, kernel, stride, padding, dilation, colsOffset, cb, cr, xOffset, sb, sc));
            return;
        }
        ForPlanes(batch * channels, col2imWork, (lo, hi) =>
        {
            for (int bc = lo; bc < hi; bc++) Plane(bc);
        });

        void Plane(int bc)
        {
            int bi = bc / channels, c = bc % channels;
            int xBase = x.Offset + bi * sb + c * sc;
            for (int l = 0; l < length; l++) xs[xBase + l * sl] = T.Zero;
            for (int j = 0; j < kernel; j++)
            {
                int row = cols.Offset + bi * cb + (c * kernel + j) * cr;
                int shift = j * dilation - padding;
                if (stride == 1 && sl == 1 && ct == 1)
                {
                    // Unit stride: tap j adds a shifted run of its row onto x (vectorised). Each element
                    // still receives its terms in increasing j, as in the general loop below.
                    int t0 = Math.Max(0, -shift), t1 = Math.Min(outLength, length - shift);
                    if (t1 > t0)
                    {
                        var dst = new Span<T>(xs, xBase + t0 + shift, t1 - t0);
                        TensorPrimitives.Add(dst, new ReadOnlySpan<T>(cs, row + t0, t1 - t0), dst);
                    }
                    continue;
                }
                for (int t = 0; t < outLength; t++)
                {
                    int l = t * stride + shift;
                    if ((uint)l < (uint)length) xs[xBase + l * sl] += cs[row + t * ct];
                }
            }
        }
    }

    /// <summary>
    /// col2im for unit-stride rows, planes [lo, hi): the taps accumulate into a zero-padded scratch row
    /// with unchecked (for stride 1, vector) adds, in increasing j as in the general loop (same sums,
    /// same bits), and the interior is copied out. Avoids a bounds computation and a library call per tap on short rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Col2ImPadded<T>(T[] cs, T[] xs, int lo, int hi, int channels, int length, int outLength, int kernel,
        int stride, int padding, int dilation, int colsOffset, int cb, int cr, int xOffset, int sb, int sc) where T : unmanaged, INumber<T>
    {
        int padded = length + 2 * padding, w = Vector<T>.Count;
        T* buf = stackalloc T[padded];
        fixed (T* px = xs, pc = cs)
        {
            for (int bc = lo; bc < hi; bc++)
            {
                int bi = bc / channels, c = bc % channels;
                new Span<T>(buf, padded).Clear();
                for (int j = 0; j < kernel; j++)
                {
                    T* dst = buf + j * dilation, src = pc + colsOffset + bi * cb + (c * kernel + j) * cr;
                    if (stride != 1)
                    {
                        for (int u = 0; u < outLength; u++) dst[u * stride] += src[u];
                        continue;
                    }
                    int t = 0;
                    for (; t <= outLength - w; t += w)
                        Unsafe.WriteUnaligned(dst + t, Unsafe.ReadUnaligned<Vector<T>>(dst + t) + Unsafe.ReadUnaligned<Vector<T>>(src + t));
                    for (; t < outLength; t++) dst[t] += src[t];
                }
                new ReadOnlySpan<T>(buf + padding, length).CopyTo(new Span<T>(px + xOffset + bi * sb + c * sc, length));
            }
        }
    }

    /// <summary>Runs body(lo, hi) over [0, planes): one contiguous range per core when the work pays, else one call.</summary>
    private static void ForPlanes(int planes, long work, Action<int, int> body) =>
        ForRanges(planes, work < Strided.ParallelThreshold ? 1 : planes, body);

    /// <inheritdoc/>
    public void Random(RandomKind kind, ulong key, uint stream, ulong offset, View dst)
    {
        int n = (int)dst.Numel, at = dst.Offset;
        if (dst.Storage.DType == DType.Float32)
        {
            var ys = Data<float>(dst.Storage);
            ForRanges(n, n / RandomGrain, (lo, hi) =>
            {
                for (int i = lo; i < hi; i++) ys[at + i] = (float)Draw(kind, key, stream, offset + (ulong)i);
            });
        }
        else
        {
            var ys = Data<double>(dst.Storage);
            ForRanges(n, n / RandomGrain, (lo, hi) =>
            {
                for (int i = lo; i < hi; i++) ys[at + i] = Draw(kind, key, stream, offset + (ulong)i);
            });
        }
    }

    private static double Draw(RandomKind kind, ulong key, uint stream, ulong index) =>
        kind == RandomKind.Uniform ? RandomElement.Uniform(key, stream, index) : RandomElement.Normal(key, stream, index);

    /// <summary>
    /// Elements per core below which drawing stays on one thread. Each element costs a Philox block and,
    /// for normals, a log, a square root and a cosine (~60 ns), so the usual elementwise threshold left a
    /// sampling step's noise (64 × 128 × 6) serial at ~3 ms.
    /// </summary>
    private const int RandomGrain = 2048;

    /// <inheritdoc/>
    public void IndexSelect(View x, int axis, View index, View dst)
    {
        var idx = Data<int>(index.Storage);
        for (int i = 0; i < index.Shape[0]; i++)
        {
            int j = idx[index.Offset + i * index.Strides[0]];
            Copy(Slice(x, axis, j), Slice(dst, axis, i));
        }
    }

    /// <inheritdoc/>
    public void IndexAdd(View source, int axis, View index, View dst)
    {
        var idx = Data<int>(index.Storage);
        for (int i = 0; i < index.Shape[0]; i++)
        {
            var target = Slice(dst, axis, idx[index.Offset + i * index.Strides[0]]);
            Binary(new AddF(), target, Slice(source, axis, i), target);
        }
    }

    /// <summary>The view with dimension <paramref name="axis"/> fixed at <paramref name="i"/>.</summary>
    private static View Slice(View v, int axis, int i)
    {
        var shape = v.Shape.Where((_, d) => d != axis).ToArray();
        var strides = v.Strides.Where((_, d) => d != axis).ToArray();
        return new View(v.Storage, shape, strides, v.Offset + i * v.Strides[axis]);
    }
}
