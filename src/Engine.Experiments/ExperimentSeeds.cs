using System.Text;

namespace Engine.Experiments;

/// <summary>
/// The one seed derivation of the experiments: every random stream of a run (a model's initialisation and
/// batches, a reward's pairs, an evaluation's draws) is named by its stage and indices, and its seed is a hash of
/// (run seed, stage name, indices). Streams with different names are unrelated; the same name always gives the
/// same stream, so a stage's numbers do not depend on which other stages ran, nor in which order.
/// </summary>
public static class ExperimentSeeds
{
    /// <summary>The seed of stream <paramref name="stage"/>[<paramref name="indices"/>] of the run seeded <paramref name="root"/>.</summary>
    public static ulong Derive(ulong root, string stage, params long[] indices)
    {
        ArgumentException.ThrowIfNullOrEmpty(stage);
        // FNV-1a over the UTF-8 name (stable across processes, unlike string.GetHashCode), then SplitMix64 rounds
        // that fold in the root and each index.
        ulong h = 0xCBF29CE484222325UL;
        foreach (var b in Encoding.UTF8.GetBytes(stage)) h = (h ^ b) * 0x100000001B3UL;
        ulong s = root ^ Mix(h);
        s = Mix(s);
        foreach (var i in indices) s = Mix(s ^ Mix((ulong)i + 0x9E3779B97F4A7C15UL));
        return s;
    }

    /// <summary>A generator for stream <paramref name="stage"/>[<paramref name="indices"/>].</summary>
    public static Generator Generator(ulong root, string stage, params long[] indices) => new(Derive(root, stage, indices));

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
