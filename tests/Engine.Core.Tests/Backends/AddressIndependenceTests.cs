namespace Engine.Core.Tests.Backends;

/// <summary>Pooled arrays lie anywhere in memory; no vector path may give address-dependent bits.</summary>
public class AddressIndependenceTests
{
    [Theory]
    [InlineData(DType.Float64)]
    [InlineData(DType.Float32)]
    public void Transcendentals_do_not_depend_on_the_arrays_address(DType dtype)
    {
        var x = Tensor.Uniform(new Generator(31), [4096], -3, 3, dtype);
        double[][] results = new double[8][];
        for (int off = 0; off < 8; off++)
        {
            // The same values at 8 different element offsets inside a larger array.
            var holder = Tensor.Concat([Tensor.Zeros([off], dtype), x, Tensor.Zeros([8 - off], dtype)], 0);
            var view = holder.Slice(0, off, off + 4096);
            results[off] = [.. view.Sin().ToArrayDouble(), .. view.Cos().ToArrayDouble(), .. view.Exp().ToArrayDouble(), .. view.Tanh().ToArrayDouble()];
        }
        for (int off = 1; off < 8; off++) Assert.Equal(results[0], results[off]);
    }
}
