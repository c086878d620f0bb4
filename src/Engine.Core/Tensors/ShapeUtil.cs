using System.Runtime.CompilerServices;

namespace Engine;

/// <summary>Shape arithmetic: element counts, contiguous strides, broadcasting, axis normalisation.</summary>
public static class ShapeUtil
{
    /// <summary>The number of elements of a shape (1 for []).</summary>
    public static long Numel(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (var d in shape) n *= d;
        return n;
    }

    /// <summary>Row-major strides (in elements) of a contiguous tensor of this shape.</summary>
    public static int[] ContiguousStrides(ReadOnlySpan<int> shape)
    {
        var strides = new int[shape.Length];
        int s = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= shape[i];
        }
        return strides;
    }

    /// <summary>Whether <paramref name="strides"/> are the row-major strides of <paramref name="shape"/> (dimensions of length 1 may have any stride).</summary>
    public static bool IsContiguous(int[] shape, int[] strides)
    {
        int s = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            if (shape[i] != 1 && strides[i] != s) return false;
            s *= shape[i];
        }
        return true;
    }

    /// <summary>NumPy broadcasting of two shapes; throws naming <paramref name="op"/> and both shapes.</summary>
    public static int[] Broadcast(string op, int[] a, int[] b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            int db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException($"{op}: shapes {Format(a)} and {Format(b)} cannot be broadcast (dimension {i}: {da} vs {db})");
            result[i] = da == 1 ? db : da;
        }
        return result;
    }

    /// <summary>Whether two shapes are equal.</summary>
    public static bool SameShape(int[] a, int[] b) => a.AsSpan().SequenceEqual(b);

    /// <summary>Maps a possibly negative axis into [0, rank).</summary>
    public static int NormalizeAxis(string op, int axis, int rank)
    {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank)
            throw new ArgumentException($"{op}: axis {axis} is out of range for a tensor of rank {rank}");
        return a;
    }

    /// <summary>Sorted, distinct, normalised axes; null or empty means every axis.</summary>
    public static int[] NormalizeAxes(string op, int[]? axes, int rank)
    {
        if (axes == null || axes.Length == 0) return Enumerable.Range(0, rank).ToArray();
        var set = new SortedSet<int>();
        foreach (var a in axes)
            if (!set.Add(NormalizeAxis(op, a, rank)))
                throw new ArgumentException($"{op}: axis {a} is repeated in [{string.Join(",", axes)}]");
        return set.ToArray();
    }

    /// <summary>"[2, 3, 4]" for messages.</summary>
    public static string Format(ReadOnlySpan<int> shape)
    {
        var sb = new DefaultInterpolatedStringHandler(2, 0);
        sb.AppendLiteral("[");
        for (int i = 0; i < shape.Length; i++)
        {
            if (i > 0) sb.AppendLiteral(",");
            sb.AppendFormatted(shape[i]);
        }
        sb.AppendLiteral("]");
        return sb.ToStringAndClear();
    }
}
