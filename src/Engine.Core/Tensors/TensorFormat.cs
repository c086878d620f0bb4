using System.Globalization;
using System.Text;

namespace Engine;

/// <summary>Human-readable printing: dtype, shape and up to a few values per axis.</summary>
internal static class TensorFormat
{
    private const int EdgeItems = 3;

    public static string Format(Tensor t)
    {
        if (t.Storage.IsDisposed) return $"tensor(disposed, {t.DType.Name()}{ShapeUtil.Format(t.Dims)})";
        // Integers print exactly (an int64 step count beyond 2⁵³ must not show a rounded double).
        string[] values = t.DType switch
        {
            DType.Int32 => t.ToArrayInt().Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray(),
            DType.Int64 => t.ToArrayLong().Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray(),
            _ => t.ToArrayDouble().Select(v => v.ToString("G6", CultureInfo.InvariantCulture)).ToArray(),
        };
        var sb = new StringBuilder("tensor(");
        Append(sb, values, t.Dims, 0, 0);
        sb.Append(", ").Append(t.DType.Name()).Append(ShapeUtil.Format(t.Dims));
        if (t.FwdLevel > 0) sb.Append(", dual level ").Append(t.FwdLevel);
        if (t.RequiresGradient) sb.Append(t.IsLeaf ? ", requires_grad" : $", grad_fn={t.GradFn!.Op.Name}");
        return sb.Append(')').ToString();
    }

    private static void Append(StringBuilder sb, string[] values, int[] shape, int axis, long offset)
    {
        if (axis == shape.Length)
        {
            sb.Append(values[offset]);
            return;
        }
        long inner = 1;
        for (int i = axis + 1; i < shape.Length; i++) inner *= shape[i];
        sb.Append('[');
        int n = shape[axis];
        for (int i = 0; i < n; i++)
        {
            if (n > 2 * EdgeItems && i == EdgeItems)
            {
                sb.Append("..., ");
                i = n - EdgeItems;
            }
            Append(sb, values, shape, axis + 1, offset + i * inner);
            if (i < n - 1) sb.Append(", ");
        }
        sb.Append(']');
    }
}
