using Engine.Testing;

namespace Engine.NN.Tests;

public class UNetEncoder2DTests
{
    [Fact]
    public void Gives_one_value_per_image_and_downsamples_between_levels()
    {
        var net = new UNetEncoder2D(16, new Generator(1), dims: [8, 16, 16]);
        var y = net.Forward(Tensor.RandN(new Generator(2), [3, 3, 16, 16]), Tensor.FromArray(new[] { 0, 5, 9 }, 3));
        Assert.Equal([3, 1], y.Shape);
        Assert.Equal(16 * 4 * 4, net.FcDim); // 16 → 8 → 4: two downsamplings for three levels
        Assert.Contains("downs.1.2.1.weight", net.NamedParameters().Select(p => p.Name)); // Downsample2d's convolution
        Assert.DoesNotContain(net.NamedParameters(), p => p.Name.StartsWith("downs.2.2", StringComparison.Ordinal)); // none after the last level
    }

    [Fact]
    public void Refuses_sizes_and_widths_it_cannot_build_and_inputs_of_another_shape()
    {
        Assert.Throws<ArgumentException>(() => new UNetEncoder2D(6, new Generator(1), dims: [8, 8, 8])); // 6 is not divisible by 4
        Assert.Throws<ArgumentException>(() => new UNetEncoder2D(16, new Generator(1), dims: [12, 16])); // 12 is not a multiple of 8 groups
        var net = new UNetEncoder2D(8, new Generator(1), dims: [8, 8]);
        var e = Assert.Throws<ArgumentException>(() => net.Forward(Tensor.Zeros([2, 3, 16, 16]), Tensor.FromArray(new[] { 0, 0 }, 2)));
        Assert.Contains("[batch, 3, 8, 8]", e.Message);
    }

    [Fact]
    public void Its_input_gradient_is_exact_to_second_order()
    {
        // The alignment loss differentiates ∇_x ρ again in θ, so ρ must be twice differentiable in x (float64 checks).
        var net = new UNetEncoder2D(4, new Generator(3), dims: [4, 8], groups: 4);
        net.To(DType.Float64);
        var t = Tensor.FromArray(new[] { 1, 7 }, 2);
        var x = Tensor.RandN(new Generator(4), [2, 3, 4, 4], DType.Float64);
        GradCheck.Check("UNetEncoder2D", v => net.Forward(v[0], t), [x], new Generator(5), tolerance: 1e-5);
    }
}
