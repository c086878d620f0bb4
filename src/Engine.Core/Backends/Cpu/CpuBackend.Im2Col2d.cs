using System.Numerics;
using System.Runtime.CompilerServices;

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
        int outH = win.OutHeight(x.Shape[2]), outW = win.OutWidth(x.Shape[3]);
        if (RowViews(x, win, outH, outW) is (View row, View layout))
        {
            Im2ColT(xs, row, cols, layout, win.KernelW, win.StrideW, win.PaddingW, win.DilationW, parallel: false);
            return;
        }
        Im2Col2dT(xs, x, cols, win, outH, outW);
    }

    /// <summary>The adjoint of <see cref="FillColumns"/>: dx [nb, nc, H, W] (contiguous planes) = col2im of the block, overwritten.</summary>
    private static void ScatterColumns<T>(T[] cols, T[] xs, View dx, ConvWindow2d win) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int outH = win.OutHeight(dx.Shape[2]), outW = win.OutWidth(dx.Shape[3]);
        if (RowViews(dx, win, outH, outW) is (View row, View layout))
        {
            Col2ImT(cols, layout, xs, row, win.KernelW, win.StrideW, win.PaddingW, win.DilationW, parallel: false);
            return;
        }
        Col2Im2dT(cols, xs, dx, win, outH, outW);
    }

    /// <summary>
    /// For a 1-D window over images of height 1 (conv1d framed as 2-D): x [nb, nc, 1, W] as the 1-D row view [nb, nc, W]
    /// and the columns' layout [nb, nc·Kw, Wout] the 1-D kernels take; null for a real 2-D window.
    /// </summary>
    private static (View Row, View Layout)? RowViews(View x, ConvWindow2d win, int outH, int outW)
    {
        if (!win.IsRow || x.Shape[2] != 1) return null;
        int nb = x.Shape[0], nc = x.Shape[1], n = nb * outH * outW;
        return (new View(x.Storage, [nb, nc, x.Shape[3]], [x.Strides[0], x.Strides[1], x.Strides[3]], x.Offset),
            new View(x.Storage, [nb, nc * win.KernelW, outW], [outW, n, 1], 0));
    }

    /// <summary>
    /// cols[(c·Kh + i)·Kw + j, (b·Hout + oh)·Wout + ow] = x[b, c, oh·sh + i·dh − ph, ow·sw + j·dw − pw] (0 outside).
    /// Each (b, c) plane is first copied into a zero-bordered scratch plane, so that every output row is
    /// a plain (for unit stride, vector) copy with no bounds logic: rows are short (Wout, 4 to 32 in a
    /// U-Net) and a library call or a bounds computation per row cost more than the copy.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Im2Col2dT<T>(T[] xs, View x, T[] cs, ConvWindow2d win, int outH, int outW) where T : unmanaged, INumber<T>
    {
        int nb = x.Shape[0], nc = x.Shape[1], height = x.Shape[2], width = x.Shape[3], n = nb * outH * outW;
        int sb = x.Strides[0], sc = x.Strides[1], sh = x.Strides[2], sw = x.Strides[3];
        int paddedW = width + 2 * win.PaddingW, paddedH = height + 2 * win.PaddingH, v = Vector<T>.Count;
        var padded = new T[paddedH * paddedW];
        fixed (T* px = xs, pc = cs, pp = padded)
        {
            for (int b = 0; b < nb; b++)
                for (int c = 0; c < nc; c++)
                {
                    // The interior of the scratch plane; its border stays zero.
                    for (int h = 0; h < height; h++)
                    {
                        T* src = px + x.Offset + b * sb + c * sc + h * sh;
                        T* dst = pp + (h + win.PaddingH) * paddedW + win.PaddingW;
                        if (sw == 1) new ReadOnlySpan<T>(src, width).CopyTo(new Span<T>(dst, width));
                        else for (int l = 0; l < width; l++) dst[l] = src[l * sw];
                    }
                    for (int i = 0; i < win.KernelH; i++)
                        for (int j = 0; j < win.KernelW; j++)
                        {
                            T* row = pc + ((c * win.KernelH + i) * win.KernelW + j) * n + b * outH * outW;
                            for (int oh = 0; oh < outH; oh++)
                            {
                                T* src = pp + (oh * win.StrideH + i * win.DilationH) * paddedW + j * win.DilationW;
                                T* dst = row + oh * outW;
                                if (win.StrideW != 1)
                                {
                                    for (int t = 0; t < outW; t++) dst[t] = src[t * win.StrideW];
                                    continue;
                                }
                                int u = 0;
                                for (; u <= outW - v; u += v) Unsafe.WriteUnaligned(dst + u, Unsafe.ReadUnaligned<Vector<T>>(src + u));
                                for (; u < outW; u++) dst[u] = src[u];
                            }
                        }
                }
        }
    }

    /// <summary>
    /// The adjoint of <see cref="Im2Col2dT"/>, summed in the composite's order: per output row (i, oh) the
    /// taps j are first summed into a zero-bordered row buffer from zero (the col2im along W; taps that
    /// land in the border are dropped with it), then the row's interior is added to image row h (the
    /// col2im along H, in increasing i, then oh). Same sums, same bits as the composite.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Col2Im2dT<T>(T[] cs, T[] xs, View dx, ConvWindow2d win, int outH, int outW) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int nb = dx.Shape[0], nc = dx.Shape[1], height = dx.Shape[2], width = dx.Shape[3], n = nb * outH * outW;
        int paddedW = width + 2 * win.PaddingW, v = Vector<T>.Count;
        var buffer = new T[paddedW];
        fixed (T* pc = cs, px = xs, pb = buffer)
        {
            for (int b = 0; b < nb; b++)
                for (int c = 0; c < nc; c++)
                {
                    T* image = px + dx.Offset + b * dx.Strides[0] + c * dx.Strides[1];
                    new Span<T>(image, height * width).Clear();
                    for (int i = 0; i < win.KernelH; i++)
                        for (int oh = 0; oh < outH; oh++)
                        {
                            int h = oh * win.StrideH + i * win.DilationH - win.PaddingH;
                            if ((uint)h >= (uint)height) continue;
                            new Span<T>(pb, paddedW).Clear();
                            for (int j = 0; j < win.KernelW; j++)
                            {
                                T* src = pc + ((c * win.KernelH + i) * win.KernelW + j) * n + (b * outH + oh) * outW;
                                T* dst = pb + j * win.DilationW;
                                if (win.StrideW != 1)
                                {
                                    for (int t = 0; t < outW; t++) dst[t * win.StrideW] += src[t];
                                    continue;
                                }
                                AddInPlace(dst, src, outW, v);
                            }
                            AddInPlace(image + h * width, pb + win.PaddingW, width, v);
                        }
                }
        }
    }

    /// <summary>dst[t] += src[t] for t &lt; length (elementwise: vector width changes no bit).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void AddInPlace<T>(T* dst, T* src, int length, int v) where T : unmanaged, INumber<T>
    {
        int u = 0;
        for (; u <= length - v; u += v)
            Unsafe.WriteUnaligned(dst + u, Unsafe.ReadUnaligned<Vector<T>>(dst + u) + Unsafe.ReadUnaligned<Vector<T>>(src + u));
        for (; u < length; u++) dst[u] += src[u];
    }
}
