using System.Numerics;
using System.Runtime.CompilerServices;

namespace Engine.Backends.Cpu;

internal static unsafe partial class Gemm
{
    /// <summary>
    /// One mr×nr tile: C = acc or C = C + acc, where acc = Σ_p Apanel[p]·Bpanel[p] summed in p order
    /// from zero. The unrolled vector kernels live in the generated Gemm.Kernels.g.cs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MicroKernel<T>(KernelKind kind, T* a, T* b, nint kc, T* c, nint ldc, bool add)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (kind == KernelKind.Fma512)
        {
            if (typeof(T) == typeof(float))
                KernelFma512((float*)a, (float*)b, kc, (float*)c, ldc, add);
            else if (typeof(T) == typeof(double))
                KernelFma512((double*)a, (double*)b, kc, (double*)c, ldc, add);
            else
                throw new NotSupportedException();
        }
        else if (kind == KernelKind.Fma)
        {
            if (typeof(T) == typeof(float))
                KernelFma((float*)a, (float*)b, kc, (float*)c, ldc, add);
            else if (typeof(T) == typeof(double))
                KernelFma((double*)a, (double*)b, kc, (double*)c, ldc, add);
            else
                KernelScalar(a, b, kc, c, ldc, add);
        }
        else if (kind == KernelKind.Vector)
            KernelVector(a, b, kc, c, ldc, add);
        else
            KernelScalar(a, b, kc, c, ldc, add);
    }

    /// <summary>Reference-speed fallback for hardware without 256-bit vectors; same panel layout.</summary>
    private static void KernelScalar<T>(T* a, T* b, nint kc, T* c, nint ldc, bool add)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int nr = NR<T>(KernelKind.Scalar);
        const int mr = 6;
        T* acc = stackalloc T[mr * MaxNR];
        new Span<T>(acc, mr * nr).Clear();
        for (nint p = 0; p < kc; p++, a += mr, b += nr)
            for (int r = 0; r < mr; r++)
            {
                T ar = a[r];
                T* row = acc + r * nr;
                for (int j = 0; j < nr; j++) row[j] += ar * b[j];
            }
        for (int r = 0; r < mr; r++)
        {
            T* src = acc + r * nr, dst = c + r * ldc;
            for (int j = 0; j < nr; j++) dst[j] = add ? dst[j] + src[j] : src[j];
        }
    }
}
