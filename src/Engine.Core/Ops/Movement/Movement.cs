using Engine.Ops;

namespace Engine;

// Shape and layout: views where possible (reshape of contiguous data, permute, expand, slice).
public sealed partial class Tensor
{
    /// <summary>The same elements in a new shape; one dimension may be −1 (inferred).</summary>
    public Tensor Reshape(params int[] shape)
    {
        var resolved = ResolveShape(shape);
        return ShapeUtil.SameShape(resolved, Dims) ? this : new ReshapeOp(resolved).Apply(this);
    }

    private int[] ResolveShape(int[] shape)
    {
        var resolved = (int[])shape.Clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < resolved.Length; i++)
        {
            if (resolved[i] == -1)
            {
                if (infer >= 0) throw new ArgumentException($"reshape: more than one -1 in {ShapeUtil.Format(shape)}");
                infer = i;
            }
            else if (resolved[i] < 0) throw new ArgumentException($"reshape: negative dimension in {ShapeUtil.Format(shape)}");
            else known *= resolved[i];
        }
        if (infer >= 0)
        {
            if (known == 0 || Numel % known != 0)
                throw new ArgumentException($"reshape: cannot infer -1 in {ShapeUtil.Format(shape)} for {Numel} elements of {ShapeUtil.Format(Dims)}");
            resolved[infer] = (int)(Numel / known);
        }
        else if (known != Numel)
        {
            throw new ArgumentException($"reshape: shape {ShapeUtil.Format(Dims)} ({Numel} elements) cannot become {ShapeUtil.Format(shape)} ({known} elements)");
        }
        return resolved;
    }

    /// <summary>Reorders the axes: result axis i is input axis perm[i]. A view.</summary>
    public Tensor Permute(params int[] perm)
    {
        if (perm.Length != Rank) throw new ArgumentException($"permute: {perm.Length} axes given for shape {ShapeUtil.Format(Dims)}");
        var norm = perm.Select(p => ShapeUtil.NormalizeAxis("permute", p, Rank)).ToArray();
        if (norm.Distinct().Count() != Rank) throw new ArgumentException($"permute: [{string.Join(",", perm)}] is not a permutation of {Rank} axes");
        bool identity = true;
        for (int i = 0; i < Rank; i++) identity &= norm[i] == i;
        return identity ? this : new PermuteOp(norm).Apply(this);
    }

    /// <summary>Swaps two axes (a view).</summary>
    public Tensor Transpose(int a = -2, int b = -1)
    {
        var perm = Enumerable.Range(0, Rank).ToArray();
        int i = ShapeUtil.NormalizeAxis("transpose", a, Rank), j = ShapeUtil.NormalizeAxis("transpose", b, Rank);
        (perm[i], perm[j]) = (perm[j], perm[i]);
        return Permute(perm);
    }

    /// <summary>Matrix transpose of the last two axes.</summary>
    public Tensor T => Transpose(-2, -1);

    /// <summary>Broadcasts to <paramref name="shape"/> without copying (stride 0 on stretched axes).</summary>
    public Tensor Expand(params int[] shape)
    {
        var target = ShapeUtil.Broadcast("expand", Dims, shape);
        if (!ShapeUtil.SameShape(target, shape))
            throw new ArgumentException($"expand: shape {ShapeUtil.Format(Dims)} cannot be expanded to {ShapeUtil.Format(shape)}");
        return ShapeUtil.SameShape(Dims, shape) ? this : new ExpandOp((int[])shape.Clone()).Apply(this);
    }

    /// <summary>Elements start, start + step, … below end along an axis (a view). Negative start/end count from the end.</summary>
    public Tensor Slice(int axis, int start, int end, int step = 1)
    {
        int ax = ShapeUtil.NormalizeAxis("slice", axis, Rank), n = Dims[ax];
        if (step <= 0) throw new ArgumentException($"slice: step must be positive, got {step}");
        if (start < 0) start += n;
        if (end < 0) end += n;
        start = Math.Clamp(start, 0, n);
        end = Math.Clamp(end, start, n);
        int length = (end - start + step - 1) / step;
        if (start == 0 && length == n && step == 1) return this;
        return new SliceOp(ax, start, length, step).Apply(this);
    }

    /// <summary>One index along an axis, removing that axis.</summary>
    public Tensor Select(int axis, int index)
    {
        int ax = ShapeUtil.NormalizeAxis("select", axis, Rank);
        int i = index < 0 ? index + Dims[ax] : index;
        if (i < 0 || i >= Dims[ax]) throw new ArgumentException($"select: index {index} is out of range for axis {axis} of shape {ShapeUtil.Format(Dims)}");
        return Slice(ax, i, i + 1).Squeeze(ax);
    }

    /// <summary>Removes a size-1 axis (or all size-1 axes when none is given).</summary>
    public Tensor Squeeze(int? axis = null)
    {
        if (axis is { } a)
        {
            int ax = ShapeUtil.NormalizeAxis("squeeze", a, Rank);
            if (Dims[ax] != 1) throw new ArgumentException($"squeeze: axis {a} of shape {ShapeUtil.Format(Dims)} has size {Dims[ax]}, not 1");
            return Reshape(Dims.Where((_, i) => i != ax).ToArray());
        }
        return Reshape(Dims.Where(d => d != 1).ToArray());
    }

    /// <summary>Inserts a size-1 axis at <paramref name="axis"/> (−1 appends).</summary>
    public Tensor Unsqueeze(int axis)
    {
        int ax = ShapeUtil.NormalizeAxis("unsqueeze", axis, Rank + 1);
        var shape = new List<int>(Dims);
        shape.Insert(ax, 1);
        return Reshape(shape.ToArray());
    }

    /// <summary>All axes from <paramref name="startAxis"/> on merged into one.</summary>
    public Tensor Flatten(int startAxis = 0)
    {
        int s = ShapeUtil.NormalizeAxis("flatten", startAxis, Math.Max(Rank, 1));
        return Reshape(Dims.Take(s).Append(-1).ToArray());
    }

    /// <summary>This tensor when its layout is contiguous, else a contiguous copy.</summary>
    public Tensor Contiguous() => IsContiguous ? this : new CopyOp(DType).Apply(this);

    /// <summary>A copy with another element type (the gradient is cast back).</summary>
    public Tensor Cast(DType dtype) => dtype == DType ? this : new CopyOp(dtype).Apply(this);

    /// <summary>A fresh contiguous copy, always (identity derivative).</summary>
    public Tensor Clone() => new CopyOp(DType).Apply(this);
}
