using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Engine.Backends.Cpu;

internal static unsafe partial class Gemm
{
    /// <summary>
    /// An A operand packed once, in the micro-panel layout the kernels read, for products that reuse
    /// it against many B blocks (a convolution's weight against each batch chunk). Packing per product
    /// re-read the weight from memory once per chunk; shared, it is read once per call. The packed
    /// values are A's values, so results are bit-identical to <see cref="Multiply{T}"/>. Each thread
    /// keeps one reusable buffer; a pack is valid until the next <see cref="Pack"/> on the same thread,
    /// and may be read by any thread meanwhile.
    /// </summary>
    internal sealed class PackedA<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        [ThreadStatic] private static PackedA<T>? _current;

        private T[] _buffer = [];
        private T* _data;

        public int M { get; private set; }
        public int K { get; private set; }
        internal KernelKind Kind { get; private set; }
        internal int KC { get; private set; }
        internal nint Stride { get; private set; }
        internal T* Data => _data;

        /// <summary>Packs A[m, k] (element (i, p) at <c>a[offset + i·rowStride + p·colStride]</c>) into this thread's buffer.</summary>
        public static PackedA<T> Pack(int m, int k, T[] a, int offset, int rowStride, int colStride)
        {
            ArgumentNullException.ThrowIfNull(a);
            if (m <= 0 || k <= 0) throw new ArgumentOutOfRangeException(nameof(m), $"PackedA: m={m} and k={k} must be positive");
            CheckExtent(nameof(a), a.Length, offset, 1, m, k, 0, rowStride, colStride);
            var packed = _current ??= new PackedA<T>();
            var kind = KernelOverride ?? DefaultKernel;
            int mr = MR(kind);
            int kc = BlockingFor<T>(mr, NR<T>(kind)).KC;
            nint stride = (nint)((m + mr - 1) / mr * mr) * kc;
            int blocks = (k + kc - 1) / kc;
            long length = stride * blocks + 64 / sizeof(T);
            if (packed._buffer.Length < length)
                packed._buffer = GC.AllocateUninitializedArray<T>(checked((int)length), pinned: true);
            nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(packed._buffer));
            packed._data = (T*)((address + 63) & ~(nint)63);
            (packed.M, packed.K, packed.Kind, packed.KC, packed.Stride) = (m, k, kind, kc, stride);
            fixed (T* pa = a)
                for (int q = 0, pc = 0; pc < k; q++, pc += kc)
                    PackA(pa + offset + pc * (nint)colStride, rowStride, colStride, m, Math.Min(kc, k - pc), mr, packed._data + q * stride);
            return packed;
        }
    }

    /// <summary>C[m, n] = A·B (or += with <paramref name="accumulate"/>) with A prepacked; the same bits as the unpacked product.</summary>
    internal static void MultiplyPacked<T>(PackedA<T> a, int n,
        T[] b, int bOffset, int bRowStride, int bColStride,
        T[] c, int cOffset, int ldc, bool accumulate) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(c);
        int m = a.M, k = a.K;
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), $"negative extent n={n}");
        if (m > 1 && ldc < n)
            throw new ArgumentOutOfRangeException(nameof(ldc), $"ldc={ldc} < n={n}: rows of C would overlap");
        CheckExtent(nameof(b), b.Length, bOffset, 1, k, n, 0, bRowStride, bColStride);
        CheckExtent(nameof(c), c.Length, cOffset, 1, m, n, 0, ldc, 1);
        if (n == 0) return;
        if (BlockingFor<T>(MR(a.Kind), NR<T>(a.Kind)).KC != a.KC)
            throw new InvalidOperationException("PackedA: the blocking changed since the operand was packed");
        fixed (T* pb = b, pc = c)
        {
            var p = new Problem<T>
            {
                A = null, B = pb + bOffset, C = pc + cOffset,
                BRow = bRowStride, BCol = bColStride, Ldc = ldc,
                M = m, N = n, K = k, Accumulate = accumulate, Kernel = a.Kind,
                PackedA = a.Data, PackedStride = a.Stride,
            };
            Schedule(ref p, 1);
        }
    }
}
