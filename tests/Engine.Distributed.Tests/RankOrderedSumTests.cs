namespace Engine.Distributed.Tests;

/// <summary>
/// The rank-ordered sum over ranks simulated by threads (<see cref="ThreadedWorld"/>), at more rank counts than the
/// MPI launches afford: every rank gets the serial rank-order sum, bit for bit.
/// </summary>
public sealed class RankOrderedSumTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(8)]
    public void Every_rank_gets_the_serial_rank_order_sum_bit_for_bit(int size)
    {
        foreach (int n in new[] { 0, 1, 7, 1000, 4099 })
        {
            float Data(int rank, int i) => (float)SplitMix.Value((ulong)(31 * size + rank), i);
            var sums = ThreadedWorld.Run(size, world =>
            {
                var buffer = Enumerable.Range(0, n).Select(i => Data(world.Rank, i)).ToArray();
                world.AllreduceSum(buffer);
                return buffer;
            });
            var serial = new float[n];
            int reordered = 0;
            for (int i = 0; i < n; i++)
            {
                float sum = Data(0, i), reverse = Data(size - 1, i);
                for (int r = 1; r < size; r++)
                {
                    sum += Data(r, i);
                    reverse += Data(size - 1 - r, i);
                }
                serial[i] = sum;
                if (sum != reverse) reordered++;
            }
            foreach (var result in sums)
                Assert.Equal(serial.Select(BitConverter.SingleToInt32Bits), result.Select(BitConverter.SingleToInt32Bits));
            if (size >= 3 && n >= 1000)
                Assert.True(reordered > 0, "the data cannot tell the rank order from its reverse");
        }
    }

    [Fact]
    public void Double_buffers_sum_in_rank_order_too()
    {
        const int size = 4, n = 999;
        double Data(int rank, int i) => SplitMix.Value((ulong)(500 + rank), i);
        var sums = ThreadedWorld.Run(size, world =>
        {
            var buffer = Enumerable.Range(0, n).Select(i => Data(world.Rank, i)).ToArray();
            world.AllreduceSum(buffer);
            return buffer;
        });
        for (int i = 0; i < n; i++)
        {
            double sum = Data(0, i);
            for (int r = 1; r < size; r++)
                sum += Data(r, i);
            foreach (var result in sums)
                Assert.Equal(BitConverter.DoubleToInt64Bits(sum), BitConverter.DoubleToInt64Bits(result[i]));
        }
    }
}
