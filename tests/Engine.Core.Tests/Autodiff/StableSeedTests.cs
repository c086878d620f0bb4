using Engine.Testing;

namespace Engine.Core.Tests.Autodiff;

/// <summary>Gradient-check seeds are a fixed function of the op's name and are reported on failure.</summary>
public class StableSeedTests
{
    [Fact]
    public void SeedIsFnv1aOfTheName()
    {
        // Published FNV-1a 64-bit test vectors.
        Assert.Equal(0xcbf29ce484222325UL, StableSeed.For(""));
        Assert.Equal(0xaf63dc4c8601ec8cUL, StableSeed.For("a"));
        Assert.Equal(0x85944171f73967e8UL, StableSeed.For("foobar"));
        Assert.NotEqual(StableSeed.For("exp"), StableSeed.For("log"));
    }

    [Fact]
    public void FailureNamesTheSeedAndTheSameSeedReplaysTheDraw()
    {
        double drawn = 0;
        var e = Assert.Throws<SeededFailureException>(() => StableSeed.Run("mish", g =>
        {
            drawn = g.NextDouble();
            throw new InvalidOperationException("boom");
        }));
        ulong seed = StableSeed.For("mish");
        Assert.Contains($"seed {seed}", e.Message);
        Assert.Contains("boom", e.Message);
        Assert.Equal(drawn, new Generator(seed).NextDouble());
    }
}
