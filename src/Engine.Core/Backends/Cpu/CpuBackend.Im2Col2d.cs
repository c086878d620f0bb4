using System.Numerics;
using System.Numerics.Tensors;

namespace Engine.Backends.Cpu;

/// <summary>
/// The chunked convolution kernels (Conv.cs, ConvGrad.cs) work on images [B, C, H, W]; a 1-D convolution
/// is an image of height 1 swept by a row window. This file holds what depends on the dimensionality:
/// filling a chunk's im2col block and scattering one back (the 1-D im2col/col2im kernels for rows, the
/// 2-D loops below otherwise), and the view reshapes between the two forms.
/// </summary>
public sealed partial class CpuBackend
{
    /// <summary>A 1-D window as a 2-D one whose height axis passes through.</summary>
    private static ConvWindow2d RowWindow(int kernel, int stride, int padding, int dilation) =>
        new(1, kernel, 1, stride, 0, padding, 1, dilation);

    /// <summary>[B, C, L] as the image [B, C, 1, L] (no copy).</summary>
    private static View AsImage(View x) =>
        new(x.Storage, [x.Shape[0], x.Shape[1], 1, x.Shape[2]], [x.Strides[0], x.Strides[1], 0, x.Strides[2]], x.Offset);

    /// <summary>[B, C, H, W] with mergeable H and W as [B, C, H·W] (no copy); the fused ops hand over dense cotangents.</summary>
    private static View FlattenSpatial(View y)
    {
        if (y.Shape[2] > 1 && y.Strides[2] != y.Strides[3] * y.Shape[3])
            throw new InvalidOperationException($"conv2d: the cotangent's height and width must be mergeable, got strides [{string.Join(",", y.Strides)}]");
        return new View(y.Storage, [y.Shape[0], y.Shape[1], y.Shape[2] * y.Shape[3]], [y.Strides[0], y.Strides[1], y.Strides[3]], y.Offset);
    }

    /// <summary>Batch entries [b0, b0 + nb) and channels [c0, c0 + nc) of an image view.</summary>
    private static View SubImage(View x, int b0, int nb, int c0, int nc) =>
        new(x.Storage, [nb, nc, x.Shape[2], x.Shape[3]], x.Strides, x.Offset + b0 * x.Strides[0] + c0 * x.Strides[1]);

    /// <summary>
    /// The im2col block of x [nb, nc, H, W] into <paramref name="cols"/> as [nc·Kh·Kw, nb·Hout·Wout]
    /// (row-major). The kernels read only the views' layouts, the data is the arrays beside them, so the
    /// per-thread scratch needs no Storage of its own (one would register with a dispose scope, which
    /// would then hand this thread's scratch to the pool).
    /// </summary>
    private static void FillColumns<T>(T[] xs, View x, T[] cols, ConvWindow2d win) where T : unmanaged, INumber<T>
    {
        int nb = x.Shape[0], nc = x.Shape[1], outH = win.OutHeight(x.Shape[2]), outW = win.OutWidth(x.Shape[3]), n = nb * outH * outW;
        if (win.IsRow && x.Shape[2] == 1)
        {
            var row = new View(x.Storage, [nb, nc, x.Shape[3]], [x.Strides[0], x.Strides[1], x.Strides[3]], x.Offset);
            var layout = new View(x.Storage, [nb, nc * win.KernelW, outW], [outW, n, 1], 0);
            Im2ColT(xs, row, cols, layout, win.KernelW, win.StrideW, win.PaddingW, win.DilationW, parallel: false);
            return;
        }
        Im2Col2dT(xs, x, cols, win, outH, outW);
    }

    /// <summary>The adjoint of <see cref="FillColumns"/>: dx [nb, nc, H, W] (contiguous planes) = col2im of the block, overwritten.</summary>
    private static void ScatterColumns<T>(T[] cols, T[] xs, View dx, ConvWindow2d win) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int nb = dx.Shape[0], nc = dx.Shape[1], outH = win.OutHeight(dx.Shape[2]), outW = win.OutWidth(dx.Shape[3]), n = nb * outH * outW;
        if (win.IsRow && dx.Shape[2] == 1)
        {
            var row = new View(dx.Storage, [nb, nc, dx.Shape[3]], [dx.Strides[0], dx.Strides[1], dx.Strides[3]], dx.Offset);
            var layout = new View(dx.Storage, [nb, nc * win.KernelW, outW], [outW, n, 1], 0);
            Col2ImT(cols, layout, xs, row, win.KernelW, win.StrideW, win.PaddingW, win.DilationW, parallel: false);
            return;
        }
        Col2Im2dT(cols, xs, dx, win, outH, outW);
    }

    /// <summary>cols[(c·Kh + i)·Kw + j, (b·Hout + oh)·Wout + ow] = x[b, c, oh·sh + i·dh − ph, ow·sw + j·dw − pw] (0 outside).</summary>
    private static void Im2Col2dT<T>(T[] xs, View x, T[] cs, ConvWindow2d win, int outH, int outW) where T : unmanaged, INumber<T>
    {
        int nb = x.Shape[0], nc = x.Shape[1], height = x.Shape[2], width = x.Shape[3], n = nb * outH * outW;
        int sb = x.Strides[0], sc = x.Strides[1], sh = x.Strides[2], sw = x.Strides[3];
        for (int c = 0; c < nc; c++)
            for (int i = 0; i < win.KernelH; i++)
                for (int j = 0; j < win.KernelW; j++)
                {
                    int rowStart = ((c * win.KernelH + i) * win.KernelW + j) * n;
                    int shift = j * win.DilationW - win.PaddingW;
                    // Output columns ow read l = ow·stride + shift; only [t0, t1) land inside [0, width).
                    int t0 = shift >= 0 ? 0 : Math.Min(outW, (-shift + win.StrideW - 1) / win.StrideW);
                    int t1 = width - 1 - shift < 0 ? t0 : Math.Clamp((width - 1 - shift) / win.StrideW + 1, t0, outW);
                    for (int b = 0; b < nb; b++)
                        for (int oh = 0; oh < outH; oh++)
                        {
                            var dst = new Span<T>(cs, rowStart + (b * outH + oh) * outW, outW);
                            int h = oh * win.StrideH + i * win.DilationH - win.PaddingH;
                            if ((uint)h >= (uint)height || t1 <= t0) { dst.Clear(); continue; }
                            int src = x.Offset + b * sb + c * sc + h * sh + shift * sw;
                            dst[..t0].Clear();
                            if (sw == 1 && win.StrideW == 1) new ReadOnlySpan<T>(xs, src + t0, t1 - t0).CopyTo(dst[t0..t1]);
                            else for (int t = t0; t < t1; t++) dst[t] = xs[src + t * win.StrideW * sw];
                            dst[t1..].Clear();
                        }
                }
    }

    /// <summary>
    /// The adjoint of <see cref="Im2Col2dT"/>, summed in the composite's order: per output row (i, oh) the
    /// taps j are first summed into a row buffer from zero (the col2im along W), then the row is added to
    /// image row h (the col2im along H, in increasing i, then oh). Same sums, same bits as the composite.
    /// </summary>
    private static void Col2Im2dT<T>(T[] cs, T[] xs, View dx, ConvWindow2d win, int outH, int outW) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int nb = dx.Shape[0], nc = dx.Shape[1], height = dx.Shape[2], width = dx.Shape[3], n = nb * outH * outW;
        var buffer = new T[width];
        for (int b = 0; b < nb; b++)
            for (int c = 0; c < nc; c++)
            {
                int plane = dx.Offset + b * dx.Strides[0] + c * dx.Strides[1];
                var image = new Span<T>(xs, plane, height * width);
                image.Clear();
                for (int i = 0; i < win.KernelH; i++)
                    for (int oh = 0; oh < outH; oh++)
                    {
                        int h = oh * win.StrideH + i * win.DilationH - win.PaddingH;
                        if ((uint)h >= (uint)height) continue;
                        Array.Clear(buffer);
                        for (int j = 0; j < win.KernelW; j++)
                        {
                            int src = ((c * win.KernelH + i) * win.KernelW + j) * n + (b * outH + oh) * outW;
                            int shift = j * win.DilationW - win.PaddingW;
                            if (win.StrideW == 1)
                            {
                                int t0 = Math.Max(0, -shift), t1 = Math.Min(outW, width - shift);
                                if (t1 <= t0) continue;
                                var dst = buffer.AsSpan(t0 + shift, t1 - t0);
                                TensorPrimitives.Add(dst, new ReadOnlySpan<T>(cs, src + t0, t1 - t0), dst);
                                continue;
                            }
                            for (int t = 0; t < outW; t++)
                            {
                                int l = t * win.StrideW + shift;
                                if ((uint)l < (uint)width) buffer[l] += cs[src + t];
                            }
                        }
                        var row = image.Slice(h * width, width);
                        TensorPrimitives.Add(row, buffer, row);
                    }
            }
    }
}
