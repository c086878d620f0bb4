using Engine.NN;
using Engine.Rewards.Extraction;

namespace Engine.Rewards.Tests.Extraction;

public class PerStepRewardTests
{
    /// <summary>ρ(window) = first step's channel 0 + 10 × last step's channel 0, plus t.</summary>
    private sealed class FirstLast(int h, int c) : Module, ITrajectoryModel
    {
        public Tensor Forward(Tensor x, Tensor t)
        {
            var w = new double[h * c];
            w[0] += 1;
            w[(h - 1) * c] += 10;
            var weights = Tensor.FromArray(w, 1, h, c).Cast(x.DType);
            return (x * weights).Sum([1, 2]) + t.Cast(x.DType);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Each_step_gets_its_contiguous_window_with_the_end_repeated(int h)
    {
        int b = 2, horizon = 5, c = 2;
        var g = new Generator(1);
        var x = Tensor.RandN(g, [b, horizon, c], DType.Float64);
        var t = Tensor.FromArray(new[] { 3, 7 }, 2);
        var r = PerStepReward.Sliding(new FirstLast(h, c), h, x, t).ToArrayDouble();
        var v = x.ToArrayDouble();
        for (int i = 0; i < b; i++)
            for (int tau = 0; tau < horizon; tau++)
            {
                int last = Math.Min(tau + h - 1, horizon - 1);
                double expected = v[(i * horizon + tau) * c] + 10 * v[(i * horizon + last) * c] + (i == 0 ? 3 : 7);
                Assert.Equal(expected, r[i * horizon + tau], 12);
            }
        Assert.Throws<ArgumentException>(() => PerStepReward.Sliding(new FirstLast(h, c), h, x, Tensor.FromArray(new[] { 1 }, 1)));
    }
}
