using Engine.Autodiff;

namespace Engine.Backends.Ilgpu.Tests;

/// <summary>
/// The device's fused group norm (<see cref="IFusedNormBackend"/>) against its composite definition written out in
/// tensor ops on the same device: the value and the cotangents of x, weight and bias.
/// </summary>
[Collection(BackendCollection.Name)]
public sealed class FusedGroupNormTests(BackendFixture fx)
{
    [Theory]
    [InlineData(DType.Float32, true, 1e-5)]
    [InlineData(DType.Float64, true, 1e-11)]
    [InlineData(DType.Float64, false, 1e-11)]
    public void ValueAndCotangentsEqualTheComposite(DType dtype, bool affine, double tolerance)
    {
        Assert.IsAssignableFrom<IFusedNormBackend>(fx.Backend);
        const int groups = 2;
        var g = new Generator(9);
        // [batch 3, channels 4, 5, 2]: the trailing axes make the rest of each channel 10 long.
        var x = (Tensor.RandN(g, [3, 4, 5, 2]) * 2.0 + 0.5).Cast(dtype).RequiresGrad();
        var w = affine ? Tensor.RandN(g, [4]).Cast(dtype).RequiresGrad() : null;
        var b = affine ? Tensor.RandN(g, [4]).Cast(dtype).RequiresGrad() : null;
        var gy = Tensor.RandN(g, [3, 4, 5, 2]).Cast(dtype);
        Tensor[] leaves = affine ? [x, w!, b!] : [x];

        var fused = Tensor.GroupNorm(x, groups, w, b);
        var fusedGrads = Autograd.Grad((fused * gy).Sum(), leaves);
        var composite = Composite(x, groups, w, b);
        var compositeGrads = Autograd.Grad((composite * gy).Sum(), leaves);

        Assert.Same(fx.Backend, fused.Backend);
        BothBackends.Close("value", composite.ToArrayDouble(), fused.ToArrayDouble(), tolerance);
        for (int i = 0; i < leaves.Length; i++)
            BothBackends.Close($"cotangent {i}", compositeGrads[i]!.ToArrayDouble(), fusedGrads[i]!.ToArrayDouble(), tolerance * 10);
    }

    /// <summary>Group norm by its definition: per (batch, group) the biased mean and variance, then the affine map.</summary>
    private static Tensor Composite(Tensor x, int groups, Tensor? w, Tensor? b)
    {
        var grouped = x.Reshape(x.Shape[0], groups, -1);
        var centered = grouped - grouped.Mean(2, keepDim: true);
        var y = (centered / (centered.Square().Mean(2, keepDim: true) + 1e-5).Sqrt()).Reshape(x.Shape);
        if (w != null) y *= w.Reshape(1, -1, 1, 1);
        if (b != null) y += b.Reshape(1, -1, 1, 1);
        return y;
    }
}
