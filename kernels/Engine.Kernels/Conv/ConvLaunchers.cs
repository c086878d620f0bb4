using System.Numerics;
using Engine.Kernels.Runtime;
using ILGPU;
using ILGPU.Runtime;

namespace Engine.Kernels.Conv;

/// <summary>
/// Host side of the 1-D convolutions. The kernels bounds-check every input position themselves, so the
/// host checks only that each buffer holds the elements its dense shape claims.
/// </summary>
public sealed class ConvLaunchers(KernelCache cache)
{
    /// <summary>y [B, Cout, Lout] = conv1d(x [B, Cin, Lin], w [Cout, Cin·K]) + bias [Cout] (null: none); dense views.</summary>
    /// <exception cref="ArgumentException">A size is invalid or a view is shorter than its shape needs.</exception>
    public void Conv1d<T>(Conv1dShape s, ArrayView<T> x, ArrayView<T> w, ArrayView<T>? bias, ArrayView<T> y) where T : unmanaged, INumber<T>
    {
        const string kernel = "Conv1d";
        Validate(kernel, s);
        Check.Length(kernel, "x", x, (long)s.Batch * s.InChannels * s.InLength);
        Check.Length(kernel, "w", w, (long)s.OutChannels * s.InChannels * s.K);
        if (bias is { } bv) Check.Length(kernel, "bias", bv, s.OutChannels);
        Check.Length(kernel, "y", y, (long)s.Batch * s.OutChannels * s.OutLength);
        long total = (long)s.Batch * s.OutChannels * s.OutLength;
        if (total == 0) return;
        cache.Get(kernel, acc => acc.LoadStreamKernel<Conv1dShape, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, ArrayView<T>>(
            ConvKernels.Conv1d<T>), typeof(T))(cache.Linear(total), s, x, w, bias ?? w, bias.HasValue ? 1 : 0, y);
    }

    /// <summary>dx [B, Cin, Lin] of conv1d <paramref name="s"/> from gy [B, Cout, Lout] and w [Cout, Cin·K]: a transposed convolution.</summary>
    public void Conv1dInputGrad<T>(Conv1dShape s, ArrayView<T> gy, ArrayView<T> w, ArrayView<T> dx) where T : unmanaged, INumber<T>
    {
        const string kernel = "Conv1dInputGrad";
        Validate(kernel, s);
        Check.Length(kernel, "gy", gy, (long)s.Batch * s.OutChannels * s.OutLength);
        Check.Length(kernel, "w", w, (long)s.OutChannels * s.InChannels * s.K);
        Check.Length(kernel, "dx", dx, (long)s.Batch * s.InChannels * s.InLength);
        long total = (long)s.Batch * s.InChannels * s.InLength;
        if (total == 0) return;
        cache.Get(kernel, acc => acc.LoadStreamKernel<Conv1dShape, ArrayView<T>, ArrayView<T>, ArrayView<T>>(
            ConvKernels.Conv1dInputGrad<T>), typeof(T))(cache.Linear(total), s, gy, w, dx);
    }

    /// <summary>dw [Cout, Cin·K] of conv1d <paramref name="s"/> from x [B, Cin, Lin] and gy [B, Cout, Lout].</summary>
    public void Conv1dWeightGrad<T>(Conv1dShape s, ArrayView<T> x, ArrayView<T> gy, ArrayView<T> dw) where T : unmanaged, INumber<T>
    {
        const string kernel = "Conv1dWeightGrad";
        Validate(kernel, s);
        Check.Length(kernel, "x", x, (long)s.Batch * s.InChannels * s.InLength);
        Check.Length(kernel, "gy", gy, (long)s.Batch * s.OutChannels * s.OutLength);
        Check.Length(kernel, "dw", dw, (long)s.OutChannels * s.InChannels * s.K);
        long total = (long)s.OutChannels * s.InChannels * s.K;
        if (total == 0) return;
        cache.Get(kernel, acc => acc.LoadStreamKernel<Conv1dShape, ArrayView<T>, ArrayView<T>, ArrayView<T>>(
            ConvKernels.Conv1dWeightGrad<T>), typeof(T))(cache.Linear(total), s, x, gy, dw);
    }

    /// <summary>cols [B, Cin·K, Lout] from x [B, Cin, Lin] (OutChannels is ignored).</summary>
    public void Im2Col<T>(Conv1dShape s, ArrayView<T> x, ArrayView<T> cols) where T : unmanaged
    {
        string kernel = $"Im2Col<{typeof(T).Name}>";
        Validate(kernel, s);
        long total = (long)s.Batch * s.InChannels * s.K * s.OutLength;
        Check.FitsInt(kernel, "cols size", total);
        Check.Length(kernel, "x", x, (long)s.Batch * s.InChannels * s.InLength);
        Check.Length(kernel, "cols", cols, total);
        if (total == 0) return;
        cache.Get("Im2Col", acc => acc.LoadStreamKernel<Conv1dShape, ArrayView<T>, ArrayView<T>>(ConvKernels.Im2Col), typeof(T))(
            cache.Linear(total), s, x, cols);
    }

    /// <summary>x [B, Cin, Lin] = col2im(cols [B, Cin·K, Lout]), overwriting x.</summary>
    /// <exception cref="ArgumentException">A view is shorter than its shape needs, or a size is negative.</exception>
    public void Col2Im<T>(Conv1dShape s, ArrayView<T> cols, ArrayView<T> x) where T : unmanaged, INumber<T>
    {
        long total = ValidateCol2Im("Col2Im", s, cols, x);
        if (total == 0) return;
        cache.Get("Col2Im", acc => acc.LoadStreamKernel<Conv1dShape, ArrayView<T>, ArrayView<T>>(ConvKernels.Col2Im<T>), typeof(T))(
            cache.Linear(total), s, cols, x);
    }

    private static long ValidateCol2Im<T>(string kernel, Conv1dShape s, ArrayView<T> cols, ArrayView<T> x) where T : unmanaged
    {
        Validate(kernel, s);
        Check.FitsInt(kernel, "cols size", (long)s.Batch * s.InChannels * s.K * s.OutLength);
        Check.Length(kernel, "cols", cols, (long)s.Batch * s.InChannels * s.K * s.OutLength);
        Check.Length(kernel, "x", x, (long)s.Batch * s.InChannels * s.InLength);
        return (long)s.Batch * s.InChannels * s.InLength;
    }

    private static void Validate(string kernel, Conv1dShape s)
    {
        Check.NonNegative(kernel, "batch", s.Batch);
        Check.NonNegative(kernel, "in channels", s.InChannels);
        Check.NonNegative(kernel, "in length", s.InLength);
        Check.NonNegative(kernel, "out channels", s.OutChannels);
        Check.NonNegative(kernel, "out length", s.OutLength);
        Check.Positive(kernel, "kernel width", s.K);
        Check.Positive(kernel, "stride", s.Stride);
        Check.NonNegative(kernel, "pad", s.Pad);
        Check.Positive(kernel, "dilation", s.Dilation);
        long biggest = Math.Max((long)s.Batch * s.InChannels * s.InLength,
            Math.Max((long)s.Batch * s.OutChannels * s.OutLength, (long)s.OutChannels * s.InChannels * s.K));
        Check.FitsInt(kernel, $"size ({s})", biggest);
    }
}
