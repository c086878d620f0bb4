using Engine.NN;

namespace Engine.Distributed.Tests;

/// <summary>
/// Data-parallel training with ranks simulated by threads (<see cref="ThreadedWorld"/>): for a fixed micro-batch count K,
/// every rank count gives weights and losses bit-identical to one process, on every rank.
/// </summary>
public sealed class DataParallelTrainingTests
{
    private const int Steps = 4;

    [Theory]
    [InlineData(2, 4)]
    [InlineData(3, 4)] // blocks of 1, 1 and 2 micro-batches
    [InlineData(4, 4)]
    [InlineData(5, 4)] // one rank computes nothing and still takes part
    public void Any_rank_count_trains_bit_identical_weights_to_one_process_with_the_same_micro_batches(int ranks, int microBatches)
    {
        var serial = TinyTraining.Run(SingleProcessExchange.Instance, microBatches, Steps);
        var perRank = ThreadedWorld.Run(ranks, world => TinyTraining.Run(new CommunicatorGradientExchange(world), microBatches, Steps));
        for (int r = 0; r < ranks; r++)
        {
            Assert.True(serial.Digest() == perRank[r].Digest(), $"rank {r} of {ranks}: weights or losses differ from the serial run (max |Δw| {MaxDifference(serial.Weights, perRank[r].Weights):G3})");
        }
    }

    [Fact]
    public void One_micro_batch_over_two_ranks_is_the_plain_step()
    {
        var plain = TinyTraining.Run(SingleProcessExchange.Instance, 1, Steps); // K = 1 alone: the unchanged training step
        var shared = ThreadedWorld.Run(2, world => TinyTraining.Run(new CommunicatorGradientExchange(world), 1, Steps));
        Assert.All(shared, r => Assert.Equal(plain.Digest(), r.Digest()));
    }

    /// <summary>
    /// Splitting the batch changes only the order of the gradient's additions: the combined gradient of four
    /// micro-batches agrees with the whole batch's gradient to float32 rounding, yet not bit for bit — so the
    /// bit-identity above is a property of the fixed order, not of a computation the split cannot reach. (The weights
    /// are not compared: Adam's first steps turn rounding-level differences of near-zero gradients into ±lr.)
    /// </summary>
    [Fact]
    public void Micro_batches_change_the_rounding_of_the_gradient_but_not_the_mathematics()
    {
        var whole = TinyTraining.DiffusionGradient(1);
        var split = TinyTraining.DiffusionGradient(4);
        Assert.NotEqual(whole.Bits(), split.Bits());
        double scale = whole.Gradient.Max(v => Math.Abs((double)v));
        Assert.True(scale > 0);
        Assert.True(MaxDifference(whole.Gradient, split.Gradient) < 1e-5 * scale, $"max |Δg| {MaxDifference(whole.Gradient, split.Gradient):G3} against gradients up to {scale:G3}");
        Assert.True(Math.Abs(whole.Loss - split.Loss) <= 1e-6 * whole.Loss, $"loss {whole.Loss} vs {split.Loss}");
    }

    [Fact]
    public void A_micro_batch_count_that_does_not_divide_the_batch_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => TinyTraining.Run(SingleProcessExchange.Instance, 3, 1));
        Assert.Contains("3 micro-batches must be positive and divide the batch of 8", e.Message);
    }

    private static double MaxDifference(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs((double)x - y)).Max();
}
