using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Engine.Backends.Cpu;

internal static unsafe partial class Gemm
{
    /// <summary>
    /// Copies the mc×kc block of A at <paramref name="a"/> (any strides) into micro-panels of mr rows:
    /// panel q holds rows [q·mr, q·mr+mr) as kc consecutive columns of mr values, so the micro-kernel
    /// reads A strictly sequentially. Rows past mc are zero, which keeps edge tiles exact.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackA<T>(T* a, nint rowStride, nint colStride, int mc, int kc, int mr, T* dst)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int ir = 0; ir < mc; ir += mr)
        {
            int rows = Math.Min(mr, mc - ir);
            T* src = a + ir * rowStride;
            T* d = dst + ir * kc;
            if (rowStride == 1 && rows == mr && mr % Vector256<T>.Count == 0 && Vector256.IsHardwareAccelerated)
            {
                // Column-major, full panel (a transposed weight, e.g. the convolution's input gradient):
                // each column's mr rows are one contiguous run, copied as whole vectors.
                for (int p = 0; p < kc; p++, d += mr)
                {
                    T* col = src + p * colStride;
                    for (int v = 0; v < mr; v += Vector256<T>.Count)
                        Vector256.Store(Vector256.Load(col + v), d + v);
                }
            }
            else if (rowStride == 1)
            {
                // Column-major (a transposed row-major operand): each column's rows are contiguous.
                for (int p = 0; p < kc; p++, d += mr)
                {
                    T* col = src + p * colStride;
                    int r = 0;
                    for (; r < rows; r++) d[r] = col[r];
                    for (; r < mr; r++) d[r] = T.Zero;
                }
            }
            else if (colStride == 1 && rows == mr && typeof(T) == typeof(float) && Avx.IsSupported)
            {
                // Row-major float: transpose 8-column strips of the mr rows (zero rows pad a 6-row panel).
                int p = 0;
                for (; p <= kc - 8; p += 8, d += 8 * mr)
                    Transpose8x8((float*)src + p, rowStride, mr, (float*)d, mr);
                for (; p < kc; p++, d += mr)
                    for (int r = 0; r < mr; r++) d[r] = src[r * rowStride + p];
            }
            else if (colStride == 1 && rows == 6 && mr == 6)
            {
                // Row-major: walk the six rows in step, writing the panel sequentially.
                T* r0 = src, r1 = src + rowStride, r2 = r1 + rowStride, r3 = r2 + rowStride, r4 = r3 + rowStride, r5 = r4 + rowStride;
                for (int p = 0; p < kc; p++, d += mr)
                {
                    d[0] = r0[p]; d[1] = r1[p]; d[2] = r2[p]; d[3] = r3[p]; d[4] = r4[p]; d[5] = r5[p];
                }
            }
            else
            {
                for (int p = 0; p < kc; p++, d += mr)
                {
                    T* col = src + p * colStride;
                    int r = 0;
                    for (; r < rows; r++) d[r] = col[r * rowStride];
                    for (; r < mr; r++) d[r] = T.Zero;
                }
            }
        }
    }

    /// <summary>
    /// Copies the kc×nc block of B at <paramref name="b"/> (any strides) into micro-panels of NR
    /// columns: panel q holds columns [q·NR, q·NR+NR) as kc consecutive rows of NR values. Columns
    /// past nc are zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackB<T>(T* b, nint rowStride, nint colStride, int kc, int nc, int nr, T* dst)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int lanes = Vector256<T>.Count;
        for (int jr = 0; jr < nc; jr += nr)
        {
            int cols = Math.Min(nr, nc - jr);
            T* src = b + jr * colStride;
            T* d = dst + jr * kc;
            if (colStride == 1 && cols == nr)
            {
                // Row-major: each panel row is a contiguous run of nr values.
                for (int p = 0; p < kc; p++, d += nr)
                {
                    T* row = src + p * rowStride;
                    for (int v = 0; v < nr; v += lanes)
                        Vector256.Store(Vector256.Load(row + v), d + v);
                }
            }
            else if (rowStride == 1 && cols == nr && typeof(T) == typeof(float) && Avx.IsSupported)
            {
                // Column-major float: 8×8 transposes of (8 columns) × (8 rows) land as 8 panel rows.
                int p = 0;
                for (; p <= kc - 8; p += 8)
                    for (int j = 0; j < nr; j += 8)
                        Transpose8x8((float*)src + j * colStride + p, colStride, 8, (float*)d + p * nr + j, nr);
                for (; p < kc; p++)
                    for (int j = 0; j < nr; j++) d[p * nr + j] = src[j * colStride + p];
            }
            else if (rowStride == 1)
            {
                // Column-major (a transposed operand): stream each column down the panel.
                for (int j = 0; j < cols; j++)
                {
                    T* col = src + j * colStride;
                    T* dj = d + j;
                    for (int p = 0; p < kc; p++) dj[p * nr] = col[p];
                }
                if (cols < nr)
                    for (int p = 0; p < kc; p++)
                        new Span<T>(d + p * nr + cols, nr - cols).Clear();
            }
            else
            {
                for (int p = 0; p < kc; p++, d += nr)
                {
                    T* row = src + p * rowStride;
                    int j = 0;
                    for (; j < cols; j++) d[j] = row[j * colStride];
                    for (; j < nr; j++) d[j] = T.Zero;
                }
            }
        }
    }

    /// <summary>
    /// Reads <paramref name="rows"/> (≤ 8) runs of 8 floats <paramref name="srcStride"/> apart (missing
    /// rows read as zero) and writes their transpose: 8 runs of 8 floats <paramref name="dstStride"/>
    /// apart, run q holding element q of every source row. With dstStride &lt; 8 the runs overlap and
    /// each later one overwrites the previous run's padding; the last run writes 8 - dstStride floats
    /// past dst + 7·dstStride + dstStride, which the pack buffers leave room for.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* src, nint srcStride, int rows, float* dst, nint dstStride)
    {
        Vector256<float> r0 = Avx.LoadVector256(src), r1 = Avx.LoadVector256(src + srcStride),
            r2 = Avx.LoadVector256(src + 2 * srcStride), r3 = Avx.LoadVector256(src + 3 * srcStride),
            r4 = Avx.LoadVector256(src + 4 * srcStride), r5 = Avx.LoadVector256(src + 5 * srcStride),
            r6 = rows > 6 ? Avx.LoadVector256(src + 6 * srcStride) : default,
            r7 = rows > 7 ? Avx.LoadVector256(src + 7 * srcStride) : default;
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1), t2 = Avx.UnpackLow(r2, r3),
            t3 = Avx.UnpackHigh(r2, r3), t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5),
            t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> s0 = Avx.Shuffle(t0, t2, 0x44), s1 = Avx.Shuffle(t0, t2, 0xEE), s2 = Avx.Shuffle(t1, t3, 0x44),
            s3 = Avx.Shuffle(t1, t3, 0xEE), s4 = Avx.Shuffle(t4, t6, 0x44), s5 = Avx.Shuffle(t4, t6, 0xEE),
            s6 = Avx.Shuffle(t5, t7, 0x44), s7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(dst, Avx.Permute2x128(s0, s4, 0x20));
        Avx.Store(dst + dstStride, Avx.Permute2x128(s1, s5, 0x20));
        Avx.Store(dst + 2 * dstStride, Avx.Permute2x128(s2, s6, 0x20));
        Avx.Store(dst + 3 * dstStride, Avx.Permute2x128(s3, s7, 0x20));
        Avx.Store(dst + 4 * dstStride, Avx.Permute2x128(s0, s4, 0x31));
        Avx.Store(dst + 5 * dstStride, Avx.Permute2x128(s1, s5, 0x31));
        Avx.Store(dst + 6 * dstStride, Avx.Permute2x128(s2, s6, 0x31));
        Avx.Store(dst + 7 * dstStride, Avx.Permute2x128(s3, s7, 0x31));
    }

    /// <summary>
    /// Per-thread pack buffers: pinned, 64-byte aligned, grown on demand and then reused, so a
    /// steady stream of calls allocates nothing.
    /// </summary>
    private static class PackBuffers<T> where T : unmanaged
    {
        [ThreadStatic] private static T[]? _a;
        [ThreadStatic] private static T[]? _b;

        public static T* A(int length) => Get(ref _a, length);

        public static T* B(int length) => Get(ref _b, length);

        private static T* Get(ref T[]? buffer, int length)
        {
            int pad = 64 / sizeof(T) + 8; // alignment, plus slack for Transpose8x8's overlapping stores
            if (buffer is null || buffer.Length < length + pad)
                buffer = GC.AllocateUninitializedArray<T>(length + pad, pinned: true);
            nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
            return (T*)((address + 63) & ~(nint)63);
        }
    }
}
