using System.Numerics;
using ILGPU;

namespace Engine.Kernels.Conv;

/// <summary>
/// Direct 1-D convolutions, one thread per output element (owner computes: every sum is gathered by the
/// thread that writes it, in a fixed order, so no atomics and bit-identical reruns). Dense layouts only.
/// </summary>
public static class ConvKernels
{
    /// <summary>
    /// y[b, o, t] = Σ_{c,j} w[o, c·K + j]·x[b, c, t·stride + j·dilation − pad], then + bias[o] (if hasBias): x [B, Cin, Lin],
    /// w [Cout, Cin·K], y [B, Cout, Lout], all dense. The sum starts at zero and runs over c·K + j ascending, skipping taps
    /// in the padding (the GEMM's zero products), so it rounds as the composite W·im2col(x) with the matmul kernels here.
    /// </summary>
    [KernelEntry]
    public static void Conv1d<T>(Conv1dShape s, ArrayView<T> x, ArrayView<T> w, ArrayView<T> bias, int hasBias, ArrayView<T> y)
        where T : unmanaged, INumber<T>
    {
        int total = s.Batch * s.OutChannels * s.OutLength, step = Grid.DimX * Group.DimX;
        for (int i = Grid.IdxX * Group.DimX + Group.IdxX; i < total; i += step)
        {
            int l = i % s.OutLength, o = i / s.OutLength % s.OutChannels, b = i / (s.OutLength * s.OutChannels);
            T sum = T.Zero;
            for (int c = 0; c < s.InChannels; c++)
            {
                int xRow = (b * s.InChannels + c) * s.InLength, wRow = (o * s.InChannels + c) * s.K;
                for (int k = 0; k < s.K; k++)
                {
                    int p = l * s.Stride - s.Pad + k * s.Dilation;
                    if (p >= 0 && p < s.InLength) sum += w[wRow + k] * x[xRow + p];
                }
            }
            y[i] = hasBias != 0 ? sum + bias[o] : sum;
        }
    }

    /// <summary>
    /// The input cotangent of <see cref="Conv1d{T}"/> (a transposed convolution): dx[b, c, l] = Σ_j Σ_o w[o, c·K + j]·gy[b, o, t]
    /// over the taps j with t·stride + j·dilation − pad = l. gy [B, Cout, Lout], w [Cout, Cin·K], dx [B, Cin, Lin], dense.
    /// Rounded as col2im(wᵀ·g2): the inner sum over o is the GEMM's (ascending, from zero), the outer one col2im's (j ascending).
    /// </summary>
    [KernelEntry]
    public static void Conv1dInputGrad<T>(Conv1dShape s, ArrayView<T> gy, ArrayView<T> w, ArrayView<T> dx) where T : unmanaged, INumber<T>
    {
        int total = s.Batch * s.InChannels * s.InLength, step = Grid.DimX * Group.DimX;
        for (int i = Grid.IdxX * Group.DimX + Group.IdxX; i < total; i += step)
        {
            int l = i % s.InLength, c = i / s.InLength % s.InChannels, b = i / (s.InLength * s.InChannels);
            T sum = T.Zero;
            for (int j = 0; j < s.K; j++)
            {
                int u = l + s.Pad - j * s.Dilation;
                if (u < 0 || u % s.Stride != 0) continue;
                int t = u / s.Stride;
                if (t >= s.OutLength) continue;
                T col = T.Zero;
                for (int o = 0; o < s.OutChannels; o++)
                    col += w[(o * s.InChannels + c) * s.K + j] * gy[(b * s.OutChannels + o) * s.OutLength + t];
                sum += col;
            }
            dx[i] = sum;
        }
    }

    /// <summary>
    /// The weight cotangent of <see cref="Conv1d{T}"/>: dw[o, c·K + j] = Σ_{b,t} gy[b, o, t]·x[b, c, t·stride + j·dilation − pad],
    /// summed over b·Lout + t ascending from zero (the GEMM g2·im2col(x)ᵀ's order). x [B, Cin, Lin], gy [B, Cout, Lout], dw [Cout, Cin·K].
    /// </summary>
    [KernelEntry]
    public static void Conv1dWeightGrad<T>(Conv1dShape s, ArrayView<T> x, ArrayView<T> gy, ArrayView<T> dw) where T : unmanaged, INumber<T>
    {
        int total = s.OutChannels * s.InChannels * s.K, step = Grid.DimX * Group.DimX;
        for (int i = Grid.IdxX * Group.DimX + Group.IdxX; i < total; i += step)
        {
            int k = i % s.K, c = i / s.K % s.InChannels, o = i / (s.K * s.InChannels);
            T sum = T.Zero;
            for (int b = 0; b < s.Batch; b++)
            {
                int xRow = (b * s.InChannels + c) * s.InLength, gRow = (b * s.OutChannels + o) * s.OutLength;
                for (int l = 0; l < s.OutLength; l++)
                {
                    int p = l * s.Stride - s.Pad + k * s.Dilation;
                    if (p >= 0 && p < s.InLength) sum += gy[gRow + l] * x[xRow + p];
                }
            }
            dw[i] = sum;
        }
    }

    /// <summary>
    /// cols[b, c·K + j, t] = x[b, c, t·s − p + j·d] (0 outside): turns conv1d into a matmul with the
    /// weight viewed as [OutChannels, InChannels·K]. Uses InChannels, InLength, OutLength, K, Stride, Pad, Dilation.
    /// </summary>
    [KernelEntry]
    public static void Im2Col<T>(Conv1dShape s, ArrayView<T> x, ArrayView<T> cols) where T : unmanaged
    {
        int total = s.Batch * s.InChannels * s.K * s.OutLength, step = Grid.DimX * Group.DimX;
        for (int i = Grid.IdxX * Group.DimX + Group.IdxX; i < total; i += step)
        {
            int t = i % s.OutLength, row = i / s.OutLength; // row = (b·C + c)·K + j
            int j = row % s.K, bc = row / s.K;
            int p = t * s.Stride - s.Pad + j * s.Dilation;
            cols[i] = p >= 0 && p < s.InLength ? x[bc * s.InLength + p] : default;
        }
    }

    /// <summary>
    /// x[b, c, l] = Σ_j cols[b, c·K + j, t] over the taps with t·stride + j·dilation − pad = l (j ascending), overwriting x:
    /// the adjoint of <see cref="Im2Col{T}"/>. One generic kernel for float and double (it was a float/double twin).
    /// </summary>
    [KernelEntry]
    public static void Col2Im<T>(Conv1dShape s, ArrayView<T> cols, ArrayView<T> x) where T : unmanaged, INumber<T>
    {
        int total = s.Batch * s.InChannels * s.InLength, step = Grid.DimX * Group.DimX;
        for (int i = Grid.IdxX * Group.DimX + Group.IdxX; i < total; i += step)
        {
            int l = i % s.InLength, bc = i / s.InLength;
            T sum = T.Zero;
            for (int j = 0; j < s.K; j++)
            {
                int u = l + s.Pad - j * s.Dilation;
                if (u < 0 || u % s.Stride != 0) continue;
                int t = u / s.Stride;
                if (t < s.OutLength) sum += cols[(bc * s.K + j) * s.OutLength + t];
            }
            x[i] = sum;
        }
    }
}
