namespace Engine.Backends.Cpu;

/// <summary>
/// General matrix multiply on managed arrays: C[m, n] = A[m, k] · B[k, n] (+ C when <c>accumulate</c>).
/// A's element (i, p) is <c>a[aOffset + i * aRowStride + p * aColStride]</c>, and likewise for B, so a
/// transposed operand is passed by swapping its strides, never by copying. C is row-major with
/// leading dimension <c>ldc</c>. The result does not depend on the number of threads used.
/// </summary>
internal static partial class Gemm
{
    public static void Multiply(int m, int n, int k,
        float[] a, int aOffset, int aRowStride, int aColStride,
        float[] b, int bOffset, int bRowStride, int bColStride,
        float[] c, int cOffset, int ldc, bool accumulate) =>
        Naive(m, n, k, a, aOffset, aRowStride, aColStride, b, bOffset, bRowStride, bColStride, c, cOffset, ldc, accumulate);

    public static void Multiply(int m, int n, int k,
        double[] a, int aOffset, int aRowStride, int aColStride,
        double[] b, int bOffset, int bRowStride, int bColStride,
        double[] c, int cOffset, int ldc, bool accumulate) =>
        Naive(m, n, k, a, aOffset, aRowStride, aColStride, b, bOffset, bRowStride, bColStride, c, cOffset, ldc, accumulate);

    /// <summary>The triple loop: the oracle that the fast kernels are tested against.</summary>
    internal static void Naive<T>(int m, int n, int k,
        T[] a, int aOffset, int aRowStride, int aColStride,
        T[] b, int bOffset, int bRowStride, int bColStride,
        T[] c, int cOffset, int ldc, bool accumulate) where T : System.Numerics.IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                T sum = T.Zero;
                for (int p = 0; p < k; p++)
                    sum += a[aOffset + i * aRowStride + p * aColStride] * b[bOffset + p * bRowStride + j * bColStride];
                ref T dst = ref c[cOffset + i * ldc + j];
                dst = accumulate ? dst + sum : sum;
            }
    }
}
