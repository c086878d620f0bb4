using Engine.Autodiff;
using Engine.Backends.Cpu;

namespace Engine.Core.Tests.Backends;

/// <summary>The chunked no-grad convolution gives the composite's bits (the GEMM's k order does not depend on the chunking).</summary>
public class ConvFusedTests
{
    [Theory]
    [InlineData(64, 32, 32, 128, 5, 1, 2, 1, DType.Float32)]   // many chunks, parallel
    [InlineData(64, 256, 256, 16, 5, 1, 2, 1, DType.Float32)]  // wide rows
    [InlineData(3, 5, 7, 11, 3, 2, 1, 2, DType.Float64)]       // strided, dilated, one chunk
    [InlineData(16, 64, 32, 64, 4, 2, 1, 1, DType.Float32)]    // downsampling
    [InlineData(64, 256, 128, 4, 5, 1, 2, 1, DType.Float32)]   // W7's shortest level: few columns per entry
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
    [Theory]
    [InlineData(8, 16, 24, 32, 5, 1, 2, 1, DType.Float32)]      // one chunk
    [InlineData(32, 32, 32, 128, 5, 1, 2, 1, DType.Float32)]    // weight gradient over 8 k-chunks, parallel
    [InlineData(32, 256, 64, 16, 5, 1, 2, 1, DType.Float32)]    // many channel ranges
    [InlineData(40, 12, 8, 100, 3, 1, 1, 1, DType.Float32)]     // Lout not aligned to the depth block: one k-chunk
    [InlineData(24, 16, 8, 64, 4, 2, 1, 1, DType.Float64)]      // downsampling, double
    [InlineData(5, 3, 4, 11, 3, 2, 1, 2, DType.Float64)]        // strided, dilated
    [InlineData(64, 128, 128, 4, 5, 1, 2, 1, DType.Float32)]    // W7's shortest level: chunks split for the cores
    public void Gradients_through_the_fused_conv_equal_the_composite_ones(int batch, int cin, int cout, int length, int k, int stride, int padding, int dilation, DType dtype)
    {
        // The fused primitives' values vs autodiff through the composite (im2col, matmul, col2im), bit for bit.
        var g = new Generator(22);
        var x = Tensor.RandN(g, [batch, cin, length], dtype).RequiresGrad();
        var w = Tensor.RandN(g, [cout, cin, k], dtype).RequiresGrad();
        var b = Tensor.RandN(g, [cout], dtype).RequiresGrad();
        var y = Tensor.Conv1d(x, w, b, stride, padding, dilation);
        var gy = Tensor.RandN(g, y.Dims, dtype);
        var fused = Autograd.Grad(y, [x, w, b], gy);
        var composite = Autograd.Grad(Engine.Ops.ConvGemmOp.CompositeForTests(x, w, b, stride, padding, dilation), [x, w, b], gy);
        for (int i = 0; i < 3; i++)
            Assert.Equal(composite[i].Cast(DType.Float64).ToArrayDouble(), fused[i].Cast(DType.Float64).ToArrayDouble());
    }

    [Fact]
    public void An_empty_batch_has_zero_weight_and_bias_gradients()
    {
        var x = Tensor.Zeros([0, 3, 8]).RequiresGrad();
        var w = Tensor.Ones([4, 3, 3]).RequiresGrad();
        var b = Tensor.Ones([4]).RequiresGrad();
        var grads = Autograd.Grad(Tensor.Conv1d(x, w, b, padding: 1).Sum(), [x, w, b]);
        Assert.Equal([0, 3, 8], grads[0].Shape);
        Assert.All(grads[1].ToArrayFloat(), v => Assert.Equal(0f, v));
        Assert.All(grads[2].ToArrayFloat(), v => Assert.Equal(0f, v));
    }

    /// <summary>
    /// The forward and input-gradient chunking (one batch entry per chunk up to the whole batch in one) changes no
    /// bit: the chunk sizes are a speed setting only.
    /// </summary>
    [Theory]
    [InlineData(64, 128, 64, 4)]
    [InlineData(12, 14, 64, 32)]
    public void Forward_and_input_gradient_do_not_depend_on_the_chunking(int batch, int cin, int cout, int length)
    {
        var g = new Generator(24);
        var x = Tensor.RandN(g, [batch, cin, length]);
        var w = Tensor.RandN(g, [cout, cin, 5]);
        var b = Tensor.RandN(g, [cout]);
        var gy = Tensor.RandN(g, [batch, cout, length]);
        var inputGrad = new Engine.Ops.ConvInputGradOp(new Engine.Ops.ConvGeometry(5, 1, 2, 1), length);
        (float[] Y, float[] Dx) Run(int bytes, int columns)
        {
            var saved = (CpuBackend.ConvChunkBytes, CpuBackend.ConvChunkMinColumns, CpuBackend.ConvGradChunkBytes, CpuBackend.ConvGradChunkMinColumns);
            try
            {
                CpuBackend.ConvChunkBytes = CpuBackend.ConvGradChunkBytes = bytes;
                CpuBackend.ConvChunkMinColumns = CpuBackend.ConvGradChunkMinColumns = columns;
                using var _ = Autograd.NoGrad();
                return (Tensor.Conv1d(x, w, b, padding: 2).ToArrayFloat(), inputGrad.Apply(gy, w.Reshape(cout, cin * 5)).ToArrayFloat());
            }
            finally
            {
                (CpuBackend.ConvChunkBytes, CpuBackend.ConvChunkMinColumns, CpuBackend.ConvGradChunkBytes, CpuBackend.ConvGradChunkMinColumns) = saved;
            }
        }
        var fine = Run(4, 1);
        var whole = Run(1 << 30, 1 << 20);
        Assert.Equal(fine.Y, whole.Y);
        Assert.Equal(fine.Dx, whole.Dx);
        var defaults = Run(CpuBackend.ConvChunkBytes, CpuBackend.ConvChunkMinColumns);
        Assert.Equal(fine.Y, defaults.Y);
    }

    [Fact]
    public void Weight_gradient_does_not_depend_on_the_thread_count()
    {
        var g = new Generator(23);
        var x = Tensor.RandN(g, [32, 64, 64]);
        var gy = Tensor.RandN(g, [32, 48, 64]);
        var op = new Engine.Ops.ConvWeightGradOp(new Engine.Ops.ConvGeometry(5, 1, 2, 1));
        var reference = op.Apply(gy, x).ToArrayFloat();
        float[] serial;
        long saved = Engine.Backends.Cpu.Gemm.ParallelThreshold;
        try
        {
            Engine.Backends.Cpu.Gemm.ParallelThreshold = long.MaxValue;
            serial = op.Apply(gy, x).ToArrayFloat();
        }
        finally
        {
            Engine.Backends.Cpu.Gemm.ParallelThreshold = saved;
        }
        Assert.Equal(reference, serial);
    }
}
