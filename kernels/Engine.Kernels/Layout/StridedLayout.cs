namespace Engine.Kernels.Layout;

/// <summary>
/// Where the elements of a logical array of rank ≤ <see cref="MaxRank"/> lie in a flat buffer:
/// extents and element strides, padded on the left with extent 1 so kernels compute every offset with
/// the same straight-line code (no loops or switches over a rank). Broadcasting is a stride of 0,
/// a flip a negative stride. A kernel parameter, so it is a plain unmanaged struct of ints.
/// </summary>
public readonly struct StridedLayout
{
    /// <summary>The highest rank a kernel layout holds.</summary>
    public const int MaxRank = 6;

    /// <summary>Extents of the six dimensions, outermost first; unused leading dimensions have extent 1.</summary>
    public readonly int S0, S1, S2, S3, S4, S5;
    /// <summary>Element strides of the six dimensions, outermost first (0 broadcasts, negative flips).</summary>
    public readonly int T0, T1, T2, T3, T4, T5;
    /// <summary>Offset of element 0 in the buffer, in elements.</summary>
    public readonly int Base;
    /// <summary>1 when element i lies at Base + i: lets kernels skip the index arithmetic.</summary>
    public readonly int Dense;

    private StridedLayout(ReadOnlySpan<int> s, ReadOnlySpan<int> t, int offset, bool dense)
    {
        S0 = s[0]; S1 = s[1]; S2 = s[2]; S3 = s[3]; S4 = s[4]; S5 = s[5];
        T0 = t[0]; T1 = t[1]; T2 = t[2]; T3 = t[3]; T4 = t[4]; T5 = t[5];
        Base = offset;
        Dense = dense ? 1 : 0;
    }

    /// <summary>Offset of the element with row-major linear index <paramref name="i"/>. Device and host.</summary>
    public int Offset(int i)
    {
        if (Dense != 0) return Base + i;
        int o = Base, r = i;
        o += r % S5 * T5; r /= S5;
        o += r % S4 * T4; r /= S4;
        o += r % S3 * T3; r /= S3;
        o += r % S2 * T2; r /= S2;
        o += r % S1 * T1; r /= S1;
        return o + r * T0;
    }

    /// <summary>Builds a layout; throws ArgumentException on a rank above 6, a negative extent or mismatched lengths.</summary>
    public static StridedLayout Create(ReadOnlySpan<int> shape, ReadOnlySpan<int> strides, int offset = 0)
    {
        if (shape.Length != strides.Length)
            throw new ArgumentException($"layout: shape rank {shape.Length} != strides rank {strides.Length}");
        if (shape.Length > MaxRank)
            throw new ArgumentException($"layout: rank {shape.Length} exceeds the kernel limit {MaxRank}");
        if (offset < 0) throw new ArgumentException($"layout: negative offset {offset}");
        Span<int> s = stackalloc int[MaxRank], t = stackalloc int[MaxRank];
        s.Fill(1); t.Clear();
        int pad = MaxRank - shape.Length;
        for (int d = 0; d < shape.Length; d++)
        {
            if (shape[d] < 0) throw new ArgumentException($"layout: negative extent {shape[d]} in dim {d}");
            s[pad + d] = shape[d];
            t[pad + d] = strides[d];
        }
        return new StridedLayout(s, t, offset, IsRowMajor(shape, strides));
    }

    /// <summary>The row-major contiguous layout of <paramref name="shape"/>.</summary>
    public static StridedLayout Contiguous(ReadOnlySpan<int> shape, int offset = 0)
    {
        Span<int> strides = stackalloc int[shape.Length];
        int acc = 1;
        for (int d = shape.Length - 1; d >= 0; d--) { strides[d] = acc; acc *= shape[d]; }
        return Create(shape, strides, offset);
    }

    /// <summary>A flat run of <paramref name="n"/> elements from <paramref name="offset"/>.</summary>
    public static StridedLayout Flat(int n, int offset = 0) => Contiguous([n], offset);

    private static bool IsRowMajor(ReadOnlySpan<int> shape, ReadOnlySpan<int> strides)
    {
        int acc = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            if (shape[d] != 1 && strides[d] != acc) return false;
            acc *= shape[d];
        }
        return true;
    }

    /// <summary>Extent of padded dimension <paramref name="d"/> (0…5; larger values read dimension 5).</summary>
    public int Rank6Extent(int d) => d switch { 0 => S0, 1 => S1, 2 => S2, 3 => S3, 4 => S4, _ => S5 };
    /// <summary>Stride of padded dimension <paramref name="d"/> (0…5; larger values read dimension 5).</summary>
    public int Rank6Stride(int d) => d switch { 0 => T0, 1 => T1, 2 => T2, 3 => T3, 4 => T4, _ => T5 };

    /// <summary>Number of elements (host).</summary>
    public long Count
    {
        get { long n = 1; for (int d = 0; d < MaxRank; d++) n *= Rank6Extent(d); return n; }
    }

    /// <summary>Smallest and largest offsets touched (host; only meaningful when Count &gt; 0).</summary>
    public (long Min, long Max) OffsetRange()
    {
        long lo = Base, hi = Base;
        for (int d = 0; d < MaxRank; d++)
        {
            long span = (long)(Rank6Extent(d) - 1) * Rank6Stride(d);
            if (span > 0) hi += span; else lo += span;
        }
        return (lo, hi);
    }

    /// <summary>True when no two elements share an offset, so a kernel may write through this layout.</summary>
    public bool IsNonOverlapping()
    {
        var dims = new List<(long Stride, long Extent)>();
        for (int d = 0; d < MaxRank; d++)
            if (Rank6Extent(d) > 1) dims.Add((Math.Abs((long)Rank6Stride(d)), Rank6Extent(d)));
        dims.Sort((a, b) => a.Stride.CompareTo(b.Stride));
        long reach = 1;
        foreach (var (stride, extent) in dims)
        {
            if (stride < reach) return false;
            reach = stride * extent;
        }
        return true;
    }

    /// <summary>True when both layouts have the same logical extents.</summary>
    public bool SameShape(in StridedLayout o) =>
        S0 == o.S0 && S1 == o.S1 && S2 == o.S2 && S3 == o.S3 && S4 == o.S4 && S5 == o.S5;

    /// <summary>The six padded extents as text, e.g. "[1,1,1,1,4,3]", for error messages.</summary>
    public string ShapeText() => $"[{S0},{S1},{S2},{S3},{S4},{S5}]";
}
