using Engine.Ops;

namespace Engine;

public sealed partial class Tensor
{
    /// <summary>Joins tensors along an existing axis; all other dimensions must agree.</summary>
    public static Tensor Concat(Tensor[] tensors, int axis)
    {
        if (tensors.Length == 0) throw new ArgumentException("concat: no tensors given");
        var first = tensors[0];
        int ax = ShapeUtil.NormalizeAxis("concat", axis, first.Rank);
        for (int i = 1; i < tensors.Length; i++)
        {
            var t = tensors[i];
            Ops.Checks.SameDType("concat", first, t);
            bool ok = t.Rank == first.Rank;
            for (int d = 0; ok && d < t.Rank; d++) ok = d == ax || t.Dims[d] == first.Dims[d];
            if (!ok) throw new ArgumentException($"concat: shapes {ShapeUtil.Format(first.Dims)} and {ShapeUtil.Format(t.Dims)} differ outside axis {axis}");
        }
        return tensors.Length == 1 ? first : new ConcatOp(ax).Apply(tensors);
    }

    /// <summary>Joins equally shaped tensors along a new axis.</summary>
    public static Tensor Stack(Tensor[] tensors, int axis = 0)
    {
        if (tensors.Length == 0) throw new ArgumentException("stack: no tensors given");
        int ax = ShapeUtil.NormalizeAxis("stack", axis, tensors[0].Rank + 1);
        foreach (var t in tensors)
            if (!ShapeUtil.SameShape(t.Dims, tensors[0].Dims))
                throw new ArgumentException($"stack: shapes {ShapeUtil.Format(tensors[0].Dims)} and {ShapeUtil.Format(t.Dims)} differ");
        return Concat(tensors.Select(t => t.Unsqueeze(ax)).ToArray(), ax);
    }

    /// <summary>Pads with a constant: <paramref name="pads"/> holds (before, after) pairs for the last axes, last axis first, as in PyTorch's F.pad.</summary>
    public Tensor Pad(int[] pads, double value = 0)
    {
        var (before, after) = PadAmounts(pads);
        return new PadOp(before, after, value).Apply(this);
    }

    /// <summary>Pads by repeating the edge values (composite: concatenation of expanded edge slices).</summary>
    public Tensor PadReplicate(int[] pads)
    {
        var (before, after) = PadAmounts(pads);
        var t = this;
        for (int ax = 0; ax < Rank; ax++)
        {
            if (before[ax] == 0 && after[ax] == 0) continue;
            if (t.Dims[ax] == 0) throw new ArgumentException($"pad_replicate: axis {ax} of shape {ShapeUtil.Format(Dims)} is empty");
            var parts = new List<Tensor>();
            if (before[ax] > 0) parts.Add(t.Slice(ax, 0, 1).Expand(WithDim(t.Dims, ax, before[ax])));
            parts.Add(t);
            if (after[ax] > 0) parts.Add(t.Slice(ax, -1, t.Dims[ax]).Expand(WithDim(t.Dims, ax, after[ax])));
            t = Concat(parts.ToArray(), ax);
        }
        return t;
    }

    private static int[] WithDim(int[] shape, int axis, int size)
    {
        var s = (int[])shape.Clone();
        s[axis] = size;
        return s;
    }

    private (int[] Before, int[] After) PadAmounts(int[] pads)
    {
        if (pads.Length % 2 != 0 || pads.Length / 2 > Rank)
            throw new ArgumentException($"pad: {pads.Length} pad values for shape {ShapeUtil.Format(Dims)}; give (before, after) pairs for at most {Rank} axes");
        var before = new int[Rank];
        var after = new int[Rank];
        for (int p = 0; p < pads.Length / 2; p++)
        {
            int ax = Rank - 1 - p;
            if (pads[2 * p] < 0 || pads[2 * p + 1] < 0) throw new ArgumentException($"pad: negative padding [{string.Join(",", pads)}]");
            before[ax] = pads[2 * p];
            after[ax] = pads[2 * p + 1];
        }
        return (before, after);
    }

    /// <summary>Picks the entries at <paramref name="index"/> (1-D int32 or int64) along an axis; any dtype.</summary>
    public Tensor IndexSelect(int axis, Tensor index)
    {
        int ax = ShapeUtil.NormalizeAxis("index_select", axis, Rank);
        return new IndexSelectOp(ax).Apply(this, Int32Index("index_select", index, Dims[ax]));
    }

    /// <summary>Zeros of <paramref name="shape"/> with the slices of this (float) tensor added at <paramref name="index"/> (1-D int32 or int64) along an axis.</summary>
    public Tensor IndexAdd(int axis, Tensor index, int[] shape)
    {
        int ax = ShapeUtil.NormalizeAxis("index_add", axis, Rank);
        Ops.Checks.Float("index_add", this);
        var int32Index = Int32Index("index_add", index, shape[ax]);
        if (index.Dims[0] != Dims[ax])
            throw new ArgumentException($"index_add: {index.Dims[0]} indices for {Dims[ax]} slices along axis {axis} of {ShapeUtil.Format(Dims)}");
        return new IndexAddOp(ax, (int[])shape.Clone()).Apply(this, int32Index);
    }

    /// <summary>
    /// The checked indices as the int32 tensor the backends read: PyTorch's int64 indices are accepted and
    /// narrowed only after every value is known to lie in [0, bound).
    /// </summary>
    private static Tensor Int32Index(string op, Tensor index, int bound)
    {
        if (index.DType is not (DType.Int32 or DType.Int64) || index.Rank != 1)
            throw new ArgumentException($"{op}: indices must be a 1-D int32 or int64 tensor, got {index.DType.Name()}{ShapeUtil.Format(index.Dims)}");
        foreach (var i in index.ToArrayLong())
            if (i < 0 || i >= bound) throw new ArgumentException($"{op}: index {i} is out of range [0, {bound})");
        return index.DType == DType.Int32 ? index : index.Cast(DType.Int32);
    }

    /// <summary>
    /// Sliding windows of <paramref name="size"/> steps taken every <paramref name="stride"/>-th step
    /// along an axis: [.., L, ..] → [.., (L − size)/stride + 1, size, ..]. A view; the paper's per-step
    /// reward evaluates its network on such windows.
    /// </summary>
    public Tensor Windows(int axis, int size, int stride = 1)
    {
        int ax = ShapeUtil.NormalizeAxis("windows", axis, Rank);
        if (size <= 0 || stride <= 0 || size > Dims[ax])
            throw new ArgumentException($"windows: size {size} and stride {stride} do not fit axis {axis} of shape {ShapeUtil.Format(Dims)}");
        return new WindowsOp(ax, size, stride).Apply(this);
    }
}
