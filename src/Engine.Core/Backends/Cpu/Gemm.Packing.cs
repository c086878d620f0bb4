using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Engine.Backends.Cpu;

internal static unsafe partial class Gemm
{
    /// <summary>
    /// Copies the mc×kc block of A at <paramref name="a"/> (any strides) into micro-panels of MR rows:
    /// panel q holds rows [q·MR, q·MR+MR) as kc consecutive columns of MR values, so the micro-kernel
    /// reads A strictly sequentially. Rows past mc are zero, which keeps edge tiles exact.
    /// </summary>
    private static void PackA<T>(T* a, nint rowStride, nint colStride, int mc, int kc, T* dst)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int ir = 0; ir < mc; ir += MR)
        {
            int rows = Math.Min(MR, mc - ir);
            T* src = a + ir * rowStride;
            T* d = dst + ir * kc;
            if (rowStride == 1)
            {
                // Column-major (a transposed row-major operand): each column's rows are contiguous.
                for (int p = 0; p < kc; p++, d += MR)
                {
                    T* col = src + p * colStride;
                    int r = 0;
                    for (; r < rows; r++) d[r] = col[r];
                    for (; r < MR; r++) d[r] = T.Zero;
                }
            }
            else if (colStride == 1 && rows == MR)
            {
                // Row-major: walk the six rows in step, writing the panel sequentially.
                T* r0 = src, r1 = src + rowStride, r2 = r1 + rowStride, r3 = r2 + rowStride, r4 = r3 + rowStride, r5 = r4 + rowStride;
                for (int p = 0; p < kc; p++, d += MR)
                {
                    d[0] = r0[p]; d[1] = r1[p]; d[2] = r2[p]; d[3] = r3[p]; d[4] = r4[p]; d[5] = r5[p];
                }
            }
            else
            {
                for (int p = 0; p < kc; p++, d += MR)
                {
                    T* col = src + p * colStride;
                    int r = 0;
                    for (; r < rows; r++) d[r] = col[r * rowStride];
                    for (; r < MR; r++) d[r] = T.Zero;
                }
            }
        }
    }

    /// <summary>
    /// Copies the kc×nc block of B at <paramref name="b"/> (any strides) into micro-panels of NR
    /// columns: panel q holds columns [q·NR, q·NR+NR) as kc consecutive rows of NR values. Columns
    /// past nc are zero.
    /// </summary>
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
    /// Per-thread pack buffers: pinned, 64-byte aligned, grown on demand and then reused, so a
    /// steady stream of calls allocates nothing.
    /// </summary>
    private static class PackBuffers<T> where T : unmanaged
    {
        [ThreadStatic] private static T[]? s_a;
        [ThreadStatic] private static T[]? s_b;

        public static T* A(int length) => Get(ref s_a, length);

        public static T* B(int length) => Get(ref s_b, length);

        private static T* Get(ref T[]? buffer, int length)
        {
            int pad = 64 / sizeof(T);
            if (buffer is null || buffer.Length < length + pad)
                buffer = GC.AllocateUninitializedArray<T>(length + pad, pinned: true);
            nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
            return (T*)((address + 63) & ~(nint)63);
        }
    }
}
