using Engine.Autodiff;
using Engine.Testing;

namespace Engine.Backends.Ilgpu.Tests;

/// <summary>
/// The device's fused 1-D convolution (<see cref="IFusedConvBackend"/>) against its composite W·im2col(x) + bias on the
/// same device: the value, and the cotangents of x, weight and bias (the fused reverse rule against the composite's).
/// </summary>
[Collection(BackendCollection.Name)]
public sealed class FusedConvTests(BackendFixture fx)
{
    [Theory]
    [InlineData(DType.Float32, 5, 1, 2, 1, 1e-6)] // the U-Net's Conv1dBlock
    [InlineData(DType.Float64, 3, 2, 1, 1, 1e-13)] // Downsample1d
    [InlineData(DType.Float64, 3, 1, 0, 2, 1e-13)] // dilation
    public void ValueAndCotangentsEqualTheComposite(DType dtype, int k, int stride, int padding, int dilation, double tolerance)
    {
        Assert.IsAssignableFrom<IFusedConvBackend>(fx.Backend);
        var g = new Generator(12);
        // x is read through a transpose so the fused path's dense copies are exercised.
        var x = Tensor.RandN(g, [2, 11, 3]).Cast(dtype).Transpose(1, 2).RequiresGrad();
        var w = Tensor.RandN(g, [4, 3, k]).Cast(dtype).RequiresGrad();
        var b = Tensor.RandN(g, [4]).Cast(dtype).RequiresGrad();
        var fused = Tensor.Conv1d(x, w, b, stride, padding, dilation);
        var composite = CompositeOps.Conv1d(x, w, b, stride, padding, dilation);
        var gy = Tensor.RandN(g, fused.Shape).Cast(dtype);
        var fusedGrads = Autograd.Grad((fused * gy).Sum(), [x, w, b]);
        var compositeGrads = Autograd.Grad((composite * gy).Sum(), [x, w, b]);

        Assert.Same(fx.Backend, fused.Backend);
        BothBackends.Close("value", composite.ToArrayDouble(), fused.ToArrayDouble(), tolerance);
        foreach (var (i, name) in new[] { (0, "x"), (1, "weight"), (2, "bias") })
            BothBackends.Close($"cotangent of {name}", compositeGrads[i]!.ToArrayDouble(), fusedGrads[i]!.ToArrayDouble(), tolerance);
    }
}
