using Engine.NN;

namespace Engine.Distributed.Tests;

/// <summary>
/// <see cref="MicroBatchGradients"/> on hand-made gradients over ranks simulated by threads: the combined gradient is the
/// left-to-right sum over micro-batches, bit for bit, whichever rank owns which micro-batch.
/// </summary>
public sealed class MicroBatchGradientsTests
{
    private const int MicroBatches = 5;
    private static readonly int[][] Shapes = [[3, 4], [7], [2]];

    /// <summary>
    /// Micro-batch k's gradient for parameter i: micro-batch 0 is of order 1e16 and micro-batch 2 its negation, the others
    /// of order 1, so what survives the cancellation depends on the order of the additions; parameter 2 is reached only
    /// by micro-batch 3 (the others leave its gradient unset).
    /// </summary>
    private static double[]? Gradient(int k, int i)
    {
        if (i == 2 && k != 3) return null;
        if (k == 2) return Gradient(0, i)!.Select(v => -v).ToArray();
        var g = new Generator((ulong)(100 * k + i));
        double scale = k == 0 ? 1e16 : 1;
        return Enumerable.Range(0, Shapes[i].Aggregate(1, (a, b) => a * b)).Select(_ => g.NextNormal() * scale).ToArray();
    }

    private static double Loss(int k) => k switch { 0 => 1e16, 2 => -1e16, _ => 0.1 * k + 1 };

    private static double[][] SerialSums(bool reversed)
    {
        var order = Enumerable.Range(0, MicroBatches).ToArray();
        if (reversed) Array.Reverse(order);
        return Enumerable.Range(0, Shapes.Length).Select(i =>
        {
            double[]? sum = null;
            foreach (int k in order)
                if (Gradient(k, i) is { } g)
                {
                    if (sum is null) sum = (double[])g.Clone();
                    else for (int e = 0; e < sum.Length; e++) sum[e] += g[e];
                }
            return sum ?? [];
        }).ToArray();
    }

    /// <summary>Every rank's parameters after one Combine, with an extra never-reached parameter that must stay without gradient.</summary>
    private static (double[]?[] Grads, double Loss)[] Combine(int ranks) =>
        ThreadedWorld.Run(ranks, world =>
        {
            var plan = new DataParallel(MicroBatches, new CommunicatorGradientExchange(world));
            var ps = Shapes.Select(s => new Parameter(Tensor.Zeros(s, DType.Float64))).Append(new Parameter(Tensor.Zeros([4], DType.Float64))).ToArray();
            var combined = new MicroBatchGradients(ps, plan);
            var mine = plan.Mine;
            for (int k = mine.Start.Value; k < mine.End.Value; k++)
            {
                for (int i = 0; i < Shapes.Length; i++)
                    ps[i].Grad = Gradient(k, i) is { } g ? Tensor.FromArray(g, Shapes[i]) : null;
                combined.Capture(k, Loss(k));
            }
            double loss = combined.Combine();
            return (ps.Select(p => p.Grad?.ToArrayDouble()).ToArray(), loss);
        });

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)] // blocks of 1, 2 and 2 micro-batches
    [InlineData(7)] // two ranks own nothing
    public void The_combined_gradient_is_the_micro_batch_order_sum_bit_for_bit(int ranks)
    {
        var expected = SerialSums(reversed: false);
        double expectedLoss = Enumerable.Range(0, MicroBatches).Select(Loss).Aggregate((a, b) => a + b);
        foreach (var (grads, loss) in Combine(ranks))
        {
            for (int i = 0; i < Shapes.Length; i++)
                Assert.Equal(expected[i], grads[i]!); // exact: xUnit compares doubles with ==
            Assert.Null(grads[Shapes.Length]);
            Assert.Equal(expectedLoss, loss);
        }
    }

    [Fact]
    public void The_data_tell_the_orders_apart()
    {
        // Without this, a combine that added in another order could pass the test above.
        Assert.NotEqual(SerialSums(reversed: false)[0], SerialSums(reversed: true)[0]);
    }
}
