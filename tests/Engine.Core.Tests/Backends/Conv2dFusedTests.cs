using Engine.Autodiff;
using Engine.Ops;

namespace Engine.Core.Tests.Backends;

/// <summary>The CPU backend's fused 2-D convolution gives the composite's bits: forward, both gradients.</summary>
public class Conv2dFusedTests
{
    private static ConvGeometry2d Geometry(int k, int stride, int padding, int dilation) =>
        new(new ConvGeometry(k, stride, padding, dilation), new ConvGeometry(k, stride, padding, dilation));

    [Theory]
    [InlineData(8, 16, 32, 16, 3, 1, 1, 1, DType.Float32)]    // a U-Net block, several chunks
    [InlineData(32, 32, 32, 32, 3, 1, 1, 1, DType.Float32)]   // W9's first level: parallel, many k-chunks
    [InlineData(4, 32, 64, 16, 3, 2, 1, 1, DType.Float32)]    // downsampling
    [InlineData(3, 5, 7, 9, 3, 2, 2, 2, DType.Float64)]       // strided, dilated, wide padding
    [InlineData(2, 6, 4, 5, 1, 1, 0, 1, DType.Float64)]       // 1×1 (a skip projection)
    public void Forward_and_gradients_equal_the_composite(int batch, int cin, int cout, int size, int k, int stride, int padding, int dilation, DType dtype)
    {
        var g = new Generator(31);
        var x = Tensor.RandN(g, [batch, cin, size, size], dtype).RequiresGrad();
        var w = Tensor.RandN(g, [cout, cin, k, k], dtype).RequiresGrad();
        var b = Tensor.RandN(g, [cout], dtype).RequiresGrad();
        var y = Tensor.Conv2d(x, w, b, stride, padding, dilation);
        var composite = new ConvGemmOp(Geometry(k, stride, padding, dilation), true).Composite([x, w.Reshape(cout, -1), b]);
        Assert.Equal(composite.Cast(DType.Float64).ToArrayDouble(), y.Cast(DType.Float64).ToArrayDouble());

        var gy = Tensor.RandN(g, y.Dims, dtype);
        var fused = Autograd.Grad(y, [x, w, b], gy);
        var reference = Autograd.Grad(composite, [x, w, b], gy);
        for (int i = 0; i < 3; i++)
            Assert.Equal(reference[i].Cast(DType.Float64).ToArrayDouble(), fused[i].Cast(DType.Float64).ToArrayDouble());
    }

    [Fact]
    public void A_strided_output_cotangent_is_accepted()
    {
        // The fused gradients read gy as [B, cout, Hout·Wout]; a transposed cotangent must give the same result.
        var g = new Generator(32);
        var x = Tensor.RandN(g, [2, 3, 6, 6], DType.Float64).RequiresGrad();
        var w = Tensor.RandN(g, [4, 3, 3, 3], DType.Float64).RequiresGrad();
        var y = Tensor.Conv2d(x, w, padding: 1);
        var gyT = Tensor.RandN(g, [2, 4, 6, 6], DType.Float64).Transpose(2, 3);
        var strided = Autograd.Grad(y, [x, w], gyT);
        var dense = Autograd.Grad(Tensor.Conv2d(x, w, padding: 1), [x, w], gyT.Contiguous());
        for (int i = 0; i < 2; i++) Assert.Equal(dense[i].ToArrayDouble(), strided[i].ToArrayDouble());
    }
}
