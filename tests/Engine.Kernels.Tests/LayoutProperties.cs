using Engine.Kernels.Scalar;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Engine.Kernels.Tests;

/// <summary>Host-only properties of the layout arithmetic the kernels share, and of the scalar RNG helper.</summary>
public sealed class LayoutProperties
{
    private static Gen<(int[] Shape, int[] Strides, int Offset)> Layouts =>
        from rank in Gen.Choose(0, 6)
        from shape in Gen.ArrayOf(Gen.Choose(1, 4), rank)
        from strides in Gen.ArrayOf(Gen.Choose(-7, 7), rank)
        from offset in Gen.Choose(0, 200)
        select (shape, strides, offset);

    [Property(MaxTest = 200)]
    public Property OffsetEqualsTheSumOfCoordinatesTimesStrides() =>
        Prop.ForAll(Layouts.ToArbitrary(), l =>
        {
            var layout = StridedLayout.Create(l.Shape, l.Strides, l.Offset);
            int count = l.Shape.Aggregate(1, (a, b) => a * b);
            var (lo, hi) = layout.OffsetRange();
            for (int i = 0; i < count; i++)
            {
                int rest = i, expected = l.Offset;
                for (int d = l.Shape.Length - 1; d >= 0; d--)
                {
                    expected += rest % l.Shape[d] * l.Strides[d];
                    rest /= l.Shape[d];
                }
                if (layout.Offset(i) != expected || expected < lo || expected > hi) return false;
            }
            return layout.Count == count;
        });

    [Property(MaxTest = 200)]
    public Property NonOverlappingMeansDistinctOffsets() =>
        Prop.ForAll(Layouts.ToArbitrary(), l =>
        {
            var layout = StridedLayout.Create(l.Shape, l.Strides, l.Offset);
            int count = (int)layout.Count;
            var offsets = Enumerable.Range(0, count).Select(layout.Offset).ToList();
            // The check is conservative: it may refuse some exotic non-overlapping layouts, never accept an overlapping one.
            return !layout.IsNonOverlapping() || offsets.Distinct().Count() == count;
        });

    [Property(MaxTest = 300)]
    public Property BelowEqualsTheHighWordOfThe128BitProduct(ulong key, uint stream, ulong index, int bound) =>
        (bound > 0).When(() =>
        {
            var (a, b, _, _) = Philox.Block((uint)index, (uint)(index >> 32), stream, 0u, (uint)key, (uint)(key >> 32));
            ulong bits = ((ulong)a << 32) | b;
            return RandomElement.Below(key, stream, index, bound) == (long)Math.BigMul(bits, (ulong)bound, out _);
        });
}
