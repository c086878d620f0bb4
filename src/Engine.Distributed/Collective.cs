namespace Engine.Distributed;

/// <summary>The length rules the collectives share, checked the same way by every implementation.</summary>
internal static class Collective
{
    public static void CheckRoot(int root, int size)
    {
        if ((uint)root >= (uint)size)
            throw new ArgumentOutOfRangeException(nameof(root), root, $"must be a rank, 0 to {size - 1}");
    }

    /// <summary>The block length of a collective whose buffer holds one block per rank.</summary>
    public static int Block(int length, int size, string name)
    {
        if (length % size != 0)
            throw new ArgumentException($"length {length} is not a multiple of the {size} ranks", name);
        return length / size;
    }

    public static void CheckGather(int mine, int all, int size)
    {
        if ((long)mine * size != all)
            throw new ArgumentException($"must hold {size} × {mine} elements, not {all}", nameof(all));
    }

    public static void CheckGatherv(int mine, int all, ReadOnlySpan<int> counts, int rank, int size)
    {
        if (counts.Length != size)
            throw new ArgumentException($"must hold one count per rank ({size}), not {counts.Length}", nameof(counts));
        long total = 0;
        foreach (var c in counts)
        {
            if (c < 0) throw new ArgumentException($"count {c} is negative", nameof(counts));
            total += c;
        }
        if (counts[rank] != mine)
            throw new ArgumentException($"this rank sends {mine} elements but its count is {counts[rank]}", nameof(counts));
        if (total != all)
            throw new ArgumentException($"must hold the {total} counted elements, not {all}", nameof(all));
    }
}
