using Engine.Testing;

namespace Engine.Core.Tests.Tensors;

public class TensorProperties
{
    private static int[] RandomShape(Generator g, int rank) => Enumerable.Range(0, rank).Select(_ => 1 + (int)g.NextInt(4)).ToArray();

    /// <summary>A binary op on broadcastable shapes equals the op on explicitly expanded (copied) operands.</summary>
    [EngineProperty]
    public bool Broadcasting_equals_explicit_expand(int seed, byte rankA, byte rankB)
    {
        var g = new Generator((ulong)seed);
        var full = RandomShape(g, 1 + rankA % 4);
        // b's shape: a suffix of full with some dimensions set to 1.
        var bShape = full.Skip(full.Length - 1 - rankB % full.Length).Select(d => g.NextDouble() < 0.5 ? 1 : d).ToArray();
        var a = Tensor.RandN(g, full, DType.Float64);
        var b = Tensor.RandN(g, bShape, DType.Float64);
        var implicitResult = a * b + b;
        var bx = b.Expand(full).Contiguous();
        var explicitResult = a * bx + bx;
        return implicitResult.ToArrayDouble().SequenceEqual(explicitResult.ToArrayDouble());
    }

    /// <summary>Permuting then applying the inverse permutation, or reshaping there and back, gives the tensor back.</summary>
    [EngineProperty]
    public bool Reshape_and_permute_round_trip(int seed, byte rank)
    {
        var g = new Generator((ulong)seed);
        var shape = RandomShape(g, 1 + rank % 4);
        var x = Tensor.RandN(g, shape, DType.Float32);
        var perm = Tensor.Permutation(g, shape.Length).ToArrayInt();
        var inverse = new int[perm.Length];
        for (int i = 0; i < perm.Length; i++) inverse[perm[i]] = i;
        var back = x.Permute(perm).Reshape(-1).Reshape(shape.Select((_, i) => shape[perm[i]]).ToArray()).Permute(inverse);
        return back.ToArrayFloat().SequenceEqual(x.ToArrayFloat());
    }

    [Fact]
    public void Views_share_storage_and_copies_happen_only_when_needed()
    {
        var x = Tensor.Arange(12, DType.Float64).Reshape(3, 4);
        var t = x.T;
        Assert.Same(x.Storage, t.Storage);
        Assert.False(t.IsContiguous);
        Assert.Same(x.Storage, x.Slice(1, 1, 4, 2).Storage);
        Assert.Same(x.Storage, x.Reshape(2, 6).Storage);
        Assert.NotSame(x.Storage, t.Reshape(12).Storage);
        Assert.Equal(new double[] { 0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11 }, t.Reshape(12).ToArrayDouble());
        Assert.Equal(new double[] { 1, 3, 5, 7, 9, 11 }, x.Slice(1, 1, 4, 2).ToArrayDouble());
    }

    [Fact]
    public void Windows_view_takes_every_nth_window()
    {
        var x = Tensor.Arange(7, DType.Float64).Reshape(1, 7);
        var w = x.Windows(1, 3, 2);
        Assert.Equal(new[] { 1, 3, 3 }, w.Shape);
        Assert.Equal(new double[] { 0, 1, 2, 2, 3, 4, 4, 5, 6 }, w.ToArrayDouble());
    }

    [Fact]
    public void Reductions_over_axes_with_keepdim()
    {
        var x = Tensor.Arange(24, DType.Float64).Reshape(2, 3, 4);
        Assert.Equal(new[] { 2, 1, 4 }, x.Sum([1], keepDim: true).Shape);
        Assert.Equal(new double[] { 60, 66, 72, 78 }, x.Sum([0, 1]).ToArrayDouble());
        Assert.Equal(new double[] { 11, 23 }, x.Max([1, 2]).ToArrayDouble());
        Assert.Equal(new double[] { 0, 1, 2, 3, 12, 13, 14, 15 }, x.Min([1]).ToArrayDouble());
        Assert.Equal(Math.Log(Enumerable.Range(0, 24).Sum(i => Math.Exp(i))), x.LogSumExp().Item(), 10);
    }
}
