namespace Engine.Kernels.Indexing;

/// <summary>
/// A dense tensor viewed as [Outer, Axis, Inner] around the indexed axis; Count is the number of indices.
/// Gather reads [Outer, Axis, Inner] and writes [Outer, Count, Inner]; scatter-add the reverse.
/// </summary>
/// <param name="outer">Product of the extents before the indexed axis.</param>
/// <param name="axis">Extent of the indexed axis in the source of a gather (the destination of a scatter-add).</param>
/// <param name="inner">Product of the extents after the indexed axis.</param>
/// <param name="count">Number of indices.</param>
public readonly struct AxisShape(int outer, int axis, int inner, int count)
{
    /// <summary>Product of the extents before the axis; the axis's extent; product of the extents after it; the number of indices.</summary>
    public readonly int Outer = outer, Axis = axis, Inner = inner, Count = count;

    /// <summary>The four sizes on one line, for error messages.</summary>
    public override string ToString() => $"outer={Outer} axis={Axis} inner={Inner} indices={Count}";
}
