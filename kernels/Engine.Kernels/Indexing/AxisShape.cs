namespace Engine.Kernels.Indexing;

/// <summary>
/// A dense tensor viewed as [Outer, Axis, Inner] around the indexed axis; Count is the number of indices.
/// Gather reads [Outer, Axis, Inner] and writes [Outer, Count, Inner]; scatter-add the reverse.
/// </summary>
public readonly struct AxisShape(int outer, int axis, int inner, int count)
{
    public readonly int Outer = outer, Axis = axis, Inner = inner, Count = count;

    public override string ToString() => $"outer={Outer} axis={Axis} inner={Inner} indices={Count}";
}
