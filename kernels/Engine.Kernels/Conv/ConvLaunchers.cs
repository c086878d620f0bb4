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
    /// <summary>y [B,Cout,Lout] = conv1d(x [B,Cin,Lin], w [Cout,Cin,K]) (+ bias [Cout]).</summary>
    public void Conv1d(Conv1dShape s, ArrayView<float> x, ArrayView<float> w, ArrayView<float>? bias, ArrayView<float> y)
    {
        const string kernel = "Conv1dF";
        Validate(kernel, s);
        Check.Length(kernel, "x", x, (long)s.Batch * s.InChannels * s.InLength);
        Check.Length(kernel, "w", w, (long)s.OutChannels * s.InChannels * s.K);
        if (bias is { } bv) Check.Length(kernel, "bias", bv, s.OutChannels);
        Check.Length(kernel, "y", y, (long)s.Batch * s.OutChannels * s.OutLength);
        long total = (long)s.Batch * s.OutChannels * s.OutLength;
        if (total == 0) return;
        cache.Get(kernel, acc => acc.LoadStreamKernel<Conv1dShape, ArrayView<float>, ArrayView<float>, ArrayView<float>, int,
            ArrayView<float>>(ConvKernels.Conv1dF))(cache.Linear(total), s, x, w, bias ?? w, bias.HasValue ? 1 : 0, y);
    }

    /// <summary>y [B,Cout,Lout] = conv_transpose1d(x [B,Cin,Lin], w [Cin,Cout,K]) (+ bias [Cout]). Also conv1d's input gradient.</summary>
    public void ConvTranspose1d(Conv1dShape s, ArrayView<float> x, ArrayView<float> w, ArrayView<float>? bias, ArrayView<float> y)
    {
        const string kernel = "ConvTranspose1dF";
        Validate(kernel, s);
        Check.Length(kernel, "x", x, (long)s.Batch * s.InChannels * s.InLength);
        Check.Length(kernel, "w", w, (long)s.InChannels * s.OutChannels * s.K);
        if (bias is { } bv) Check.Length(kernel, "bias", bv, s.OutChannels);
        Check.Length(kernel, "y", y, (long)s.Batch * s.OutChannels * s.OutLength);
        long total = (long)s.Batch * s.OutChannels * s.OutLength;
        if (total == 0) return;
        cache.Get(kernel, acc => acc.LoadStreamKernel<Conv1dShape, ArrayView<float>, ArrayView<float>, ArrayView<float>, int,
            ArrayView<float>>(ConvKernels.ConvTranspose1dF))(cache.Linear(total), s, x, w, bias ?? w, bias.HasValue ? 1 : 0, y);
    }

    /// <summary>conv1d's weight gradient gw [Cout,Cin,K] from x [B,Cin,Lin] and gy [B,Cout,Lout].</summary>
    public void Conv1dWeightGrad(Conv1dShape s, ArrayView<float> x, ArrayView<float> gy, ArrayView<float> gw)
    {
        const string kernel = "Conv1dWeightGradF";
        Validate(kernel, s);
        Check.Length(kernel, "x", x, (long)s.Batch * s.InChannels * s.InLength);
        Check.Length(kernel, "gy", gy, (long)s.Batch * s.OutChannels * s.OutLength);
        Check.Length(kernel, "gw", gw, (long)s.OutChannels * s.InChannels * s.K);
        long total = (long)s.OutChannels * s.InChannels * s.K;
        if (total == 0) return;
        cache.Get(kernel, acc => acc.LoadStreamKernel<Conv1dShape, ArrayView<float>, ArrayView<float>, ArrayView<float>>(
            ConvKernels.Conv1dWeightGradF))(cache.Linear(total), s, x, gy, gw);
    }

    /// <summary>
    /// conv_transpose1d's weight gradient gw [Cin,Cout,K] for the transpose conv described by <paramref name="s"/>
    /// (x [B,Cin,Lin], gy [B,Cout,Lout]): conv1d's weight gradient with input and output roles exchanged.
    /// </summary>
    public void ConvTranspose1dWeightGrad(Conv1dShape s, ArrayView<float> x, ArrayView<float> gy, ArrayView<float> gw) =>
        Conv1dWeightGrad(new Conv1dShape(s.Batch, s.OutChannels, s.OutLength, s.InChannels, s.InLength, s.K, s.Stride, s.Pad, s.Dilation),
            gy, x, gw);

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
    public void Col2Im(Conv1dShape s, ArrayView<float> cols, ArrayView<float> x)
    {
        long total = ValidateCol2Im("Col2ImF", s, cols, x);
        if (total == 0) return;
        cache.Get("Col2ImF", acc => acc.LoadStreamKernel<Conv1dShape, ArrayView<float>, ArrayView<float>>(ConvKernels.Col2ImF))(
            cache.Linear(total), s, cols, x);
    }

    /// <summary>x [B, Cin, Lin] = col2im(cols [B, Cin·K, Lout]) in float64, overwriting x.</summary>
    /// <exception cref="ArgumentException">A view is shorter than its shape needs, or a size is negative.</exception>
    public void Col2Im(Conv1dShape s, ArrayView<double> cols, ArrayView<double> x)
    {
        long total = ValidateCol2Im("Col2ImD", s, cols, x);
        if (total == 0) return;
        cache.Get("Col2ImD", acc => acc.LoadStreamKernel<Conv1dShape, ArrayView<double>, ArrayView<double>>(ConvKernels.Col2ImD))(
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
