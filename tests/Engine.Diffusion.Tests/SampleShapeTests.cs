using Engine.NN;
using Engine.Testing;

namespace Engine.Diffusion.Tests;

/// <summary>A diffusion over samples of any shape (<see cref="GaussianDiffusion.OverSamples"/>) is the trajectory diffusion on the same values.</summary>
public class SampleShapeTests
{
    /// <summary>An elementwise denoiser (0.5·x + 0.01·t), so its answers do not depend on how the values are shaped.</summary>
    private sealed class ElementwiseModel : ITrajectoryModel
    {
        public Tensor Forward(Tensor x, Tensor t)
        {
            var shape = Enumerable.Repeat(1, x.Rank).ToArray();
            shape[0] = x.Shape[0];
            return x * 0.5 + t.Cast(x.DType).Reshape(shape) * 0.01;
        }

        public IEnumerable<Parameter> Parameters() => [];
    }

    private static (GaussianDiffusion Image, GaussianDiffusion Trajectory) Pair(bool predictEpsilon) =>
        (GaussianDiffusion.OverSamples(new ElementwiseModel(), [2, 3, 4], steps: 6, predictEpsilon: predictEpsilon, clipDenoised: true),
         new GaussianDiffusion(new ElementwiseModel(), horizon: 6, observationDim: 4, actionDim: 0, steps: 6, predictEpsilon: predictEpsilon, clipDenoised: true));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Sampling_and_the_loss_equal_the_trajectory_diffusion_on_the_flattened_values(bool predictEpsilon)
    {
        var (image, trajectory) = Pair(predictEpsilon);
        Assert.Equal([2, 3, 4], image.SampleShape);
        Assert.False(image.IsTrajectory);
        var xi = image.PSampleLoop(5, Conditioning.Unconditional, new Generator(7));
        var xt = trajectory.PSampleLoop(5, Conditioning.None(5, 6, 4, DType.Float32), new Generator(7));
        Assert.Equal([5, 2, 3, 4], xi.Shape);
        TensorAssert.Identical(xt, xi.Reshape(5, 6, 4));

        var x0 = Tensor.RandN(new Generator(8), [5, 2, 3, 4]);
        var noise = Tensor.RandN(new Generator(9), [5, 2, 3, 4]);
        int[] t = [0, 1, 3, 5, 2];
        var li = image.PLosses(x0, Conditioning.Unconditional, t, noise);
        var lt = trajectory.PLosses(x0.Reshape(5, 6, 4), Conditioning.None(5, 6, 4, DType.Float32), t, noise.Reshape(5, 6, 4));
        Assert.Equal(lt.Item(), li.Item());
        Assert.Equal([5, 2, 3, 4], image.WithModel(new ElementwiseModel()).BatchShape(5));
    }

    [Fact]
    public void Samples_of_the_wrong_shape_are_refused()
    {
        var (image, _) = Pair(false);
        var e = Assert.Throws<ArgumentException>(() => image.PMeanVariance(Tensor.Zeros([2, 3, 4]), [0, 0]));
        Assert.Contains("[batch, 2, 3, 4]", e.Message);
        Assert.Throws<ArgumentException>(() => GaussianDiffusion.OverSamples(new ElementwiseModel(), [2, 0]));
    }
}
