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
    public void NoGrad_fused_equals_recorded_composite(int batch, int cin, int cout, int length, int k, int stride, int padding, int dilation, DType dtype)
    {
        var g = new Generator(21);
        var x = Tensor.RandN(g, [batch, cin, length], dtype);
        var w = Tensor.RandN(g, [cout, cin, k], dtype);
        var b = Tensor.RandN(g, [cout], dtype);
        float[] Run(bool record)
        {
            if (record)
            {
                var xr = x.Detach().RequiresGrad();
                return Tensor.Conv1d(xr, w, b, stride, padding, dilation).Cast(DType.Float32).ToArrayFloat();
            }
            using var _ = Autograd.NoGrad();
            return Tensor.Conv1d(x, w, b, stride, padding, dilation).Cast(DType.Float32).ToArrayFloat();
        }
        Assert.Equal(Run(true), Run(false));
    }
}
