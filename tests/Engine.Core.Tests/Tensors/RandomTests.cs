using Engine.Kernels.Scalar;

namespace Engine.Core.Tests.Tensors;

public class RandomTests
{
    [Fact]
    public void Same_seed_same_numbers_and_draws_advance()
    {
        var a = new Generator(42);
        var b = new Generator(42);
        var x1 = Tensor.RandN(a, [1000]).ToArrayFloat();
        Assert.Equal(x1, Tensor.RandN(b, [1000]).ToArrayFloat());
        Assert.NotEqual(x1, Tensor.RandN(a, [1000]).ToArrayFloat());
        Assert.NotEqual(x1, Tensor.RandN(new Generator(43), [1000]).ToArrayFloat());
    }

    /// <summary>Element i of a draw is RandomElement at counter offset + i: what every backend must reproduce.</summary>
    [Fact]
    public void Elements_follow_the_counter_convention()
    {
        var g = new Generator(7);
        var child = g.Split();
        var x = Tensor.Rand(child, [5], DType.Float64).ToArrayDouble();
        var reference = new Generator(7).Split();
        Assert.Equal(x[3], Tensor.Rand(reference, [5], DType.Float64).ToArrayDouble()[3]);
        Assert.NotEqual(x, Tensor.Rand(g, [5], DType.Float64).ToArrayDouble());
    }

    [Fact]
    public void Moments_are_right()
    {
        var g = new Generator(3);
        var n = Tensor.RandN(g, [200_000], DType.Float64);
        Assert.InRange(n.Mean().Item(), -0.01, 0.01);
        Assert.InRange(n.Var().Item(), 0.98, 1.02);
        var u = Tensor.Rand(g, [200_000], DType.Float64);
        Assert.InRange(u.Mean().Item(), 0.49, 0.51);
        Assert.InRange(u.Var().Item(), 1.0 / 12 - 0.002, 1.0 / 12 + 0.002);
        Assert.True(u.Min().Item() >= 0 && u.Max().Item() < 1);
        var ints = Tensor.RandInt(g, 3, 7, [10_000]).ToArrayInt();
        Assert.All(ints, i => Assert.InRange(i, 3, 6));
        Assert.Equal(4, ints.Distinct().Count());
        var perm = Tensor.Permutation(g, 50).ToArrayInt();
        Assert.Equal(Enumerable.Range(0, 50), perm.OrderBy(i => i));
    }

    /// <summary>Philox4x32-10 known-answer test from Random123's kat_vectors (counter and key all zero / all ones).</summary>
    [Fact]
    public void Philox_known_answers()
    {
        Assert.Equal((0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u), Philox.Block(0, 0, 0, 0, 0, 0));
        Assert.Equal((0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu), Philox.Block(~0u, ~0u, ~0u, ~0u, ~0u, ~0u));
    }
}
