using Engine.Ops;

namespace Engine;

public sealed partial class Tensor
{
    /// <summary>
    /// 2-D average pooling (PyTorch's avg_pool2d with count_include_pad, no ceil mode): x [batch, channels,
    /// height, width] → [batch, channels, outHeight, outWidth], each output the mean of a kh×kw window
    /// (zero padding counted). <paramref name="stride"/> defaults to the kernel size.
    /// A composite: the mean of the 2-D im2col rows, or for non-overlapping unpadded windows (the U-Net
    /// case) a reshape and a mean, with no copy of the input.
    /// </summary>
    public Tensor AvgPool2d((int H, int W) kernel, (int H, int W)? stride = null, (int H, int W) padding = default)
    {
        const string op = "avg_pool2d";
        Checks.Rank(op, this, 4, "[batch, channels, height, width]");
        Checks.Float(op, this);
        var s = stride ?? kernel;
        var g = Geometry2d(op, kernel.H, kernel.W, s, padding, (1, 1), 1);
        if (padding.H * 2 > kernel.H || padding.W * 2 > kernel.W)
            throw new ArgumentException($"{op}: padding {padding} must be at most half the kernel {kernel}");
        int batch = Dims[0], channels = Dims[1], outH = g.OutHeight(Dims[2]), outW = g.OutWidth(Dims[3]);
        if (outH <= 0 || outW <= 0)
            throw new ArgumentException($"{op}: input {ShapeUtil.Format(Dims)} is smaller than the kernel {kernel} with padding {padding}");
        if (s == kernel && padding == (0, 0))
            return Slice(2, 0, outH * kernel.H).Slice(3, 0, outW * kernel.W)
                .Reshape(batch, channels, outH, kernel.H, outW, kernel.W).Mean([3, 5]);
        // Each (batch, channel) plane as a one-channel image: the rows of its im2col are the window taps.
        return g.Columns(Reshape(batch * channels, 1, Dims[2], Dims[3])).Mean(0).Reshape(batch, channels, outH, outW);
    }

    /// <summary>
    /// Nearest-neighbour upsampling by an integer factor (PyTorch's F.interpolate(mode="nearest") with
    /// scale_factor = <paramref name="scale"/>): x [batch, channels, height, width] → [batch, channels,
    /// height·scale, width·scale], out[…, h, w] = x[…, h / scale, w / scale]. A composite (a broadcast
    /// and a reshape); its adjoint sums each scale×scale block.
    /// </summary>
    public Tensor UpsampleNearest2d(int scale)
    {
        const string op = "upsample_nearest2d";
        Checks.Rank(op, this, 4, "[batch, channels, height, width]");
        if (scale < 1) throw new ArgumentException($"{op}: scale {scale} must be positive");
        int batch = Dims[0], channels = Dims[1], height = Dims[2], width = Dims[3];
        return Reshape(batch, channels, height, 1, width, 1).Expand(batch, channels, height, scale, width, scale)
            .Reshape(batch, channels, height * scale, width * scale);
    }

    /// <summary>Square-window 2-D average pooling (see the full overload); stride defaults to the kernel.</summary>
    public Tensor AvgPool2d(int kernel, int? stride = null, int padding = 0) =>
        AvgPool2d((kernel, kernel), stride is int st ? (st, st) : null, (padding, padding));
}
