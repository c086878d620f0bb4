namespace Engine.Core.Tests.Backends;

/// <summary>
/// The CPU backend's shortcuts for common layouts (a per-row broadcast operand, [outer, kept, inner]
/// sums) compute each element exactly as the elementwise definition does; large shapes take the
/// parallel split, small ones the serial loop.
/// </summary>
public class FastPathTests
{
    [Theory]
    [InlineData(3, 5, 7)]
    [InlineData(64, 256, 16)]
    [InlineData(2, 1, 9)]
    public void Row_broadcast_binary_ops_are_elementwise_exact(int b, int c, int l)
    {
        var g = new Generator(31);
        var x = Tensor.RandN(g, [b, c, l]);
        var row = Tensor.RandN(g, [b, c, 1]);
        float[] xs = x.ToArrayFloat(), rs = row.ToArrayFloat();
        float[] sum = (x + row).ToArrayFloat(), prod = (x * row).ToArrayFloat(), diff = (x - row).ToArrayFloat(), quot = (x / row).ToArrayFloat();
        for (int i = 0; i < xs.Length; i++)
        {
            float r = rs[i / l];
            Assert.Equal(xs[i] + r, sum[i]);
            Assert.Equal(xs[i] * r, prod[i]);
            Assert.Equal(xs[i] - r, diff[i]);
            Assert.Equal(xs[i] / r, quot[i]);
        }
    }

    [Fact]
    public void Row_broadcast_of_a_non_contiguous_operand_takes_the_general_walk_with_the_same_values()
    {
        var g = new Generator(32);
        var x = Tensor.RandN(g, [4, 6, 5]).Permute(1, 0, 2); // [6, 4, 5], not contiguous
        var row = Tensor.RandN(g, [6, 4, 1]);
        var expected = (x.Contiguous() + row).ToArrayFloat();
        Assert.Equal(expected, (x + row).ToArrayFloat());
    }

    [Theory]
    [InlineData(32, 256, 16)]
    [InlineData(3, 4, 5)]
    public void Outer_inner_sums_add_the_rows_in_order(int b, int c, int l)
    {
        var g = new Generator(33);
        var x = Tensor.RandN(g, [b, c, l], DType.Float64);
        var xs = x.ToArrayDouble();
        var got = x.Sum([0, 2]).ToArrayDouble();
        for (int j = 0; j < c; j++)
        {
            double expected = 0;
            for (int i = 0; i < b; i++)
            {
                double row = 0;
                for (int t = 0; t < l; t++) row += xs[(i * c + j) * l + t];
                expected += row;
            }
            Assert.Equal(expected, got[j], 1e-10); // rows are summed in vector lanes
        }
    }
}
