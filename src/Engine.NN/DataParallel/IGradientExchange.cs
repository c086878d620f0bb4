namespace Engine.NN;

/// <summary>
/// The one collective data-parallel training needs: every rank's block, gathered in rank order onto every rank.
/// Implemented by <see cref="SingleProcessExchange"/> here and, over MPI, by Engine.Distributed's
/// <c>CommunicatorGradientExchange</c>; this project does not depend on MPI.
/// </summary>
public interface IGradientExchange
{
    /// <summary>This process's index, 0 ≤ Rank &lt; Size.</summary>
    int Rank { get; }

    /// <summary>The number of processes taking part.</summary>
    int Size { get; }

    /// <summary>
    /// Gathers rank r's <c>counts[r]</c> elements into <paramref name="all"/> (the sum of <paramref name="counts"/>) in
    /// rank order; <paramref name="mine"/>.Length is <c>counts[Rank]</c>. Every rank calls it with the same counts.
    /// </summary>
    void Allgatherv(ReadOnlySpan<float> mine, Span<float> all, ReadOnlySpan<int> counts);

    /// <inheritdoc cref="Allgatherv(ReadOnlySpan{float}, Span{float}, ReadOnlySpan{int})"/>
    void Allgatherv(ReadOnlySpan<double> mine, Span<double> all, ReadOnlySpan<int> counts);
}

/// <summary>The exchange of a program that runs alone: rank 0 of 1, gathering is a copy.</summary>
public sealed class SingleProcessExchange : IGradientExchange
{
    /// <summary>The shared instance.</summary>
    public static SingleProcessExchange Instance { get; } = new();

    private SingleProcessExchange() { }

    /// <inheritdoc/>
    public int Rank => 0;

    /// <inheritdoc/>
    public int Size => 1;

    /// <inheritdoc/>
    public void Allgatherv(ReadOnlySpan<float> mine, Span<float> all, ReadOnlySpan<int> counts) => Copy(mine, all, counts);

    /// <inheritdoc/>
    public void Allgatherv(ReadOnlySpan<double> mine, Span<double> all, ReadOnlySpan<int> counts) => Copy(mine, all, counts);

    private static void Copy<T>(ReadOnlySpan<T> mine, Span<T> all, ReadOnlySpan<int> counts)
    {
        if (counts.Length != 1 || counts[0] != mine.Length || all.Length != mine.Length)
            throw new ArgumentException($"SingleProcessExchange: one rank gathers its own {mine.Length} elements (counts [{string.Join(", ", counts.ToArray())}], destination {all.Length})");
        mine.CopyTo(all);
    }
}
