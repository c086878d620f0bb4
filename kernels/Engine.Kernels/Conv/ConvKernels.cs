using ILGPU;

namespace Engine.Kernels.Conv;

/// <summary>
/// Direct 1-D convolutions, one thread per output element (owner computes: every sum is gathered by the
/// thread that writes it, in a fixed order, so no atomics and bit-identical reruns). Dense layouts only.
/// </summary>
public static class ConvKernels
{
    /// <summary>y[b,o,l] = Σ_c Σ_k w[o,c,k] · x[b,c,l·s − p + k·d] (+ bias[o] when hasBias ≠ 0).</summary>
    [KernelEntry]
    public static void Conv1dF(Conv1dShape s, ArrayView<float> x, ArrayView<float> w, ArrayView<float> bias, int hasBias, ArrayView<float> y)
    {
        int total = s.Batch * s.OutChannels * s.OutLength, step = Grid.DimX * Group.DimX;
        for (int i = Grid.IdxX * Group.DimX + Group.IdxX; i < total; i += step)
        {
            int l = i % s.OutLength, o = i / s.OutLength % s.OutChannels, b = i / (s.OutLength * s.OutChannels);
            float sum = hasBias != 0 ? bias[o] : 0f;
            for (int c = 0; c < s.InChannels; c++)
            {
                int xRow = (b * s.InChannels + c) * s.InLength, wRow = (o * s.InChannels + c) * s.K;
                for (int k = 0; k < s.K; k++)
                {
                    int p = l * s.Stride - s.Pad + k * s.Dilation;
                    if (p >= 0 && p < s.InLength) sum += w[wRow + k] * x[xRow + p];
                }
            }
            y[i] = sum;
        }
    }

    /// <summary>
    /// y[b,o,j] = Σ_c Σ_k w[c,o,k] · x[b,c,l] over l with l·s − p + k·d = j (+ bias[o]). Weight [InChannels, OutChannels, K]
    /// as in PyTorch. This is also conv1d's input gradient (with the conv's weight and sizes swapped).
    /// </summary>
    [KernelEntry]
    public static void ConvTranspose1dF(Conv1dShape s, ArrayView<float> x, ArrayView<float> w, ArrayView<float> bias, int hasBias, ArrayView<float> y)
    {
        int total = s.Batch * s.OutChannels * s.OutLength, step = Grid.DimX * Group.DimX;
        for (int i = Grid.IdxX * Group.DimX + Group.IdxX; i < total; i += step)
        {
            int j = i % s.OutLength, o = i / s.OutLength % s.OutChannels, b = i / (s.OutLength * s.OutChannels);
            float sum = hasBias != 0 ? bias[o] : 0f;
            for (int c = 0; c < s.InChannels; c++)
            {
                int xRow = (b * s.InChannels + c) * s.InLength, wRow = (c * s.OutChannels + o) * s.K;
                for (int k = 0; k < s.K; k++)
                {
                    int t = j + s.Pad - k * s.Dilation;
                    if (t < 0 || t % s.Stride != 0) continue;
                    int l = t / s.Stride;
                    if (l < s.InLength) sum += w[wRow + k] * x[xRow + l];
                }
            }
            y[i] = sum;
        }
    }

    /// <summary>
    /// conv1d's weight gradient: gw[o,c,k] = Σ_b Σ_l gy[b,o,l] · x[b,c,l·s − p + k·d]; one thread per weight.
    /// With x and gy swapped it is conv_transpose1d's weight gradient ([InChannels, OutChannels, K]).
    /// </summary>
    [KernelEntry]
    public static void Conv1dWeightGradF(Conv1dShape s, ArrayView<float> x, ArrayView<float> gy, ArrayView<float> gw)
    {
        int total = s.OutChannels * s.InChannels * s.K, step = Grid.DimX * Group.DimX;
        for (int i = Grid.IdxX * Group.DimX + Group.IdxX; i < total; i += step)
        {
            int k = i % s.K, c = i / s.K % s.InChannels, o = i / (s.K * s.InChannels);
            float sum = 0f;
            for (int b = 0; b < s.Batch; b++)
            {
                int xRow = (b * s.InChannels + c) * s.InLength, gRow = (b * s.OutChannels + o) * s.OutLength;
                for (int l = 0; l < s.OutLength; l++)
                {
                    int p = l * s.Stride - s.Pad + k * s.Dilation;
                    if (p >= 0 && p < s.InLength) sum += gy[gRow + l] * x[xRow + p];
                }
            }
            gw[i] = sum;
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

    /// <summary>The adjoint of Im2Col: x[b, c, l] = Σ over j (ascending) of cols[b, c·K + j, t] where t·s − p + j·d = l.</summary>
    [KernelEntry]
    public static void Col2ImF(Conv1dShape s, ArrayView<float> cols, ArrayView<float> x)
    {
        int total = s.Batch * s.InChannels * s.InLength, step = Grid.DimX * Group.DimX;
        for (int i = Grid.IdxX * Group.DimX + Group.IdxX; i < total; i += step)
        {
            int l = i % s.InLength, bc = i / s.InLength;
            float sum = 0f;
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

    /// <summary>The float64 twin of <see cref="Col2ImF"/>: x[b, c, l] = Σ over j (ascending) of cols[b, c·K + j, t] where t·s − p + j·d = l.</summary>
    [KernelEntry]
    public static void Col2ImD(Conv1dShape s, ArrayView<double> cols, ArrayView<double> x)
    {
        int total = s.Batch * s.InChannels * s.InLength, step = Grid.DimX * Group.DimX;
        for (int i = Grid.IdxX * Group.DimX + Group.IdxX; i < total; i += step)
        {
            int l = i % s.InLength, bc = i / s.InLength;
            double sum = 0.0;
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
