using System.Text;

namespace Engine.Testing;

/// <summary>
/// Seeds derived from test names that are the same in every process (string.GetHashCode is randomised per
/// process, so a failing draw seeded by it could not be replayed): 64-bit FNV-1a over the name's UTF-8 bytes.
/// </summary>
public static class StableSeed
{
    private const ulong OffsetBasis = 0xcbf29ce484222325, Prime = 0x100000001b3;

    /// <summary>The seed for <paramref name="name"/>.</summary>
    public static ulong For(string name)
    {
        ulong h = OffsetBasis;
        foreach (byte b in Encoding.UTF8.GetBytes(name))
        {
            h ^= b;
            h *= Prime;
        }
        return h;
    }

    /// <summary>
    /// Runs <paramref name="body"/> with a generator seeded from <paramref name="name"/>; a failure is rethrown
    /// with the name and the seed, so the draw can be replayed with <c>new Generator(seed)</c>.
    /// </summary>
    public static void Run(string name, Action<Generator> body)
    {
        ulong seed = For(name);
        try { body(new Generator(seed)); }
        catch (Exception e) { throw new SeededFailureException($"{name} failed with seed {seed} (replay: new Generator({seed}UL)): {e.Message}", e); }
    }
}

/// <summary>A test failure that names the random seed it was drawn with.</summary>
public sealed class SeededFailureException(string message, Exception inner) : Exception(message, inner);
