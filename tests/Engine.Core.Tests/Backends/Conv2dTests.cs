using Engine.Testing;

namespace Engine.Core.Tests.Backends;

/// <summary>The 2-D convolution family's values against their definitions (the op table checks the derivatives).</summary>
public class Conv2dTests
{
    [Theory]
    [InlineData(1, 1, 0, 0, 1, 1, 1)]
    [InlineData(2, 1, 1, 2, 1, 2, 2)]
    [InlineData(1, 3, 2, 0, 2, 1, 1)]
    public void Conv2d_equals_the_direct_sum(int sh, int sw, int ph, int pw, int dh, int dw, int groups)
    {
        var g = new Generator(7);
        const int batch = 2, cin = 4, cout = 6, height = 7, width = 6, kh = 3, kw = 2;
        var x = Tensor.RandN(g, [batch, cin, height, width], DType.Float64);
        var w = Tensor.RandN(g, [cout, cin / groups, kh, kw], DType.Float64);
        var b = Tensor.RandN(g, [cout], DType.Float64);
        var y = Tensor.Conv2d(x, w, b, (sh, sw), (ph, pw), (dh, dw), groups);
        int outH = (height + 2 * ph - dh * (kh - 1) - 1) / sh + 1, outW = (width + 2 * pw - dw * (kw - 1) - 1) / sw + 1;
        Assert.Equal(new[] { batch, cout, outH, outW }, y.Shape);
        double[] xs = x.ToArrayDouble(), ws = w.ToArrayDouble(), bs = b.ToArrayDouble(), ys = y.ToArrayDouble();
        int perGroupIn = cin / groups, perGroupOut = cout / groups;
        for (int n = 0; n < batch; n++)
            for (int o = 0; o < cout; o++)
                for (int oh = 0; oh < outH; oh++)
                    for (int ow = 0; ow < outW; ow++)
                    {
                        double s = bs[o];
                        for (int ci = 0; ci < perGroupIn; ci++)
                            for (int i = 0; i < kh; i++)
                                for (int j = 0; j < kw; j++)
                                {
                                    int h = oh * sh + i * dh - ph, l = ow * sw + j * dw - pw;
                                    if (h < 0 || h >= height || l < 0 || l >= width) continue;
                                    int c = o / perGroupOut * perGroupIn + ci;
                                    s += ws[((o * perGroupIn + ci) * kh + i) * kw + j] * xs[((n * cin + c) * height + h) * width + l];
                                }
                        Assert.Equal(s, ys[((n * cout + o) * outH + oh) * outW + ow], 10);
                    }
    }

    /// <summary>conv_transpose2d is the adjoint of conv2d in x: ⟨conv(x), u⟩ = ⟨x, convᵀ(u)⟩ (output padding restores the size).</summary>
    [Fact]
    public void ConvTranspose2d_is_the_adjoint_of_conv2d()
    {
        var g = new Generator(8);
        var w = Tensor.RandN(g, [6, 2, 3, 4], DType.Float64);
        var x = Tensor.RandN(g, [2, 4, 8, 9], DType.Float64);
        var y = Tensor.Conv2d(x, w, null, (2, 3), (1, 2), (1, 1), groups: 2);
        var u = Tensor.RandN(g, y.Shape, DType.Float64);
        // conv2d's weight [cout, cin/groups, …] is conv_transpose2d's [inChannels, outChannels/groups, …].
        var back = Tensor.ConvTranspose2d(u, w, null, (2, 3), (1, 2), (1, 0), (1, 1), groups: 2);
        Assert.Equal(x.Shape, back.Shape);
        TensorAssert.Close(Tensor.Dot(y, u).Item(), Tensor.Dot(x, back).Item(), 1e-12);
    }

    [Theory]
    [InlineData(2, 2, 0)]
    [InlineData(3, 2, 1)]
    [InlineData(3, 3, 0)]
    public void AvgPool2d_equals_the_window_mean(int kernel, int stride, int padding)
    {
        var g = new Generator(9);
        const int height = 7, width = 8;
        var x = Tensor.RandN(g, [2, 3, height, width], DType.Float64);
        var y = x.AvgPool2d(kernel, stride, padding);
        int outH = (height + 2 * padding - kernel) / stride + 1, outW = (width + 2 * padding - kernel) / stride + 1;
        Assert.Equal(new[] { 2, 3, outH, outW }, y.Shape);
        double[] xs = x.ToArrayDouble(), ys = y.ToArrayDouble();
        for (int p = 0; p < 6; p++)
            for (int oh = 0; oh < outH; oh++)
                for (int ow = 0; ow < outW; ow++)
                {
                    double s = 0;
                    for (int i = 0; i < kernel; i++)
                        for (int j = 0; j < kernel; j++)
                        {
                            int h = oh * stride + i - padding, l = ow * stride + j - padding;
                            if (h >= 0 && h < height && l >= 0 && l < width) s += xs[(p * height + h) * width + l];
                        }
                    // Zero padding counts in the divisor (PyTorch's count_include_pad default).
                    Assert.Equal(s / (kernel * kernel), ys[(p * outH + oh) * outW + ow], 12);
                }
    }

    [Fact]
    public void Bad_arguments_name_the_op_and_the_shapes()
    {
        var x = Tensor.Zeros([1, 3, 8, 8]);
        Assert.Contains("conv2d: input [1,3,8,8] and weight [4,2,3,3] do not fit groups=1",
            Assert.Throws<ArgumentException>(() => Tensor.Conv2d(x, Tensor.Zeros([4, 2, 3, 3]))).Message);
        Assert.Contains("conv2d: expected a rank-4 tensor",
            Assert.Throws<ArgumentException>(() => Tensor.Conv2d(Tensor.Zeros([1, 3, 8]), Tensor.Zeros([4, 3, 3, 3]))).Message);
        Assert.Contains("conv2d: input [1,3,8,8] is too small for kernel 9x3",
            Assert.Throws<ArgumentException>(() => Tensor.Conv2d(x, Tensor.Zeros([4, 3, 9, 3]))).Message);
        Assert.Contains("conv_transpose2d: outputPadding (2, 0) must be non-negative and smaller than stride (2, 2)",
            Assert.Throws<ArgumentException>(() => Tensor.ConvTranspose2d(x, Tensor.Zeros([3, 2, 3, 3]), null, (2, 2), (0, 0), (2, 0), (1, 1))).Message);
        Assert.Contains("avg_pool2d: padding (2, 2) must be at most half the kernel (3, 3)",
            Assert.Throws<ArgumentException>(() => x.AvgPool2d(3, 1, 2)).Message);
        Assert.Contains("conv2d: expected a float32 or float64 tensor, got int32",
            Assert.Throws<ArgumentException>(() => Tensor.Conv2d(x.Cast(DType.Int32), Tensor.Zeros([4, 3, 3, 3]).Cast(DType.Int32))).Message);
    }
}
