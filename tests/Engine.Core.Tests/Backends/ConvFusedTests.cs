using Engine.Autodiff;

namespace Engine.Core.Tests.Backends;

/// <summary>The chunked no-grad convolution gives the composite's bits (the GEMM's k order does not depend on the chunking).</summary>
public class ConvFusedTests
{
    [Theory]
    [InlineData(64, 32, 32, 128, 5, 1, 2, 1, DType.Float32)]   // many chunks, parallel
    [InlineData(64, 256, 256, 16, 5, 1, 2, 1, DType.Float32)]  // wide rows
    [InlineData(3, 5, 7, 11, 3, 2, 1, 2, DType.Float64)]       // strided, dilated, one chunk
    [InlineData(16, 64, 32, 64, 4, 2, 1, 1, DType.Float32)]    // downsampling
    public void Fused_equals_composite(int batch, int cin, int cout, int length, int k, int stride, int padding, int dilation, DType dtype)
    {
        var g = new Generator(21);
        var x = Tensor.RandN(g, [batch, cin, length], dtype);
        var w = Tensor.RandN(g, [cout, cin, k], dtype);
        var b = Tensor.RandN(g, [cout], dtype);
        float[] Run(bool record)
        {
            if (record)
            {
                // The composite path (forward-mode duals always take it).
                var (value, _) = ForwardAD.Jvp(xx => Tensor.Conv1d(xx, w, b, stride, padding, dilation), x, x.ZerosLike());
                return value.Cast(DType.Float32).ToArrayFloat();
            }
            using var _ = Autograd.NoGrad();
            return Tensor.Conv1d(x, w, b, stride, padding, dilation).Cast(DType.Float32).ToArrayFloat();
        }
        Assert.Equal(Run(true), Run(false));
    }
}

public class ConvFusedGradTests
{
    [Fact]
    public void Gradients_through_the_fused_conv_equal_the_composite_ones()
    {
        // Reverse rule of the fused op vs autodiff through the composite (forced by a zero-tangent dual).
        var g = new Generator(22);
        var x = Tensor.RandN(g, [8, 16, 32]).RequiresGrad();
        var w = Tensor.RandN(g, [24, 16, 5]).RequiresGrad();
        var b = Tensor.RandN(g, [24]).RequiresGrad();
        var gy = Tensor.RandN(g, [8, 24, 32]);
        var fused = Autograd.Grad(Tensor.Conv1d(x, w, b, padding: 2), [x, w, b], gy);
        var composite = Autograd.Grad(Engine.Ops.ConvGemmOp.CompositeForTests(x, w, b, 2), [x, w, b], gy);
        for (int i = 0; i < 3; i++) Assert.Equal(composite[i].ToArrayFloat(), fused[i].ToArrayFloat());
    }
}
