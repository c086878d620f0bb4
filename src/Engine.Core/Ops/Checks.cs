namespace Engine.Ops;

/// <summary>Entry checks shared by ops; every message names the op and the shapes involved.</summary>
internal static class Checks
{
    public static void Float(string op, Tensor x)
    {
        if (!x.DType.IsFloat())
            throw new ArgumentException($"{op}: expected a float32 or float64 tensor, got {x.DType.Name()} of shape {ShapeUtil.Format(x.Dims)}");
    }

    public static void SameDType(string op, Tensor a, Tensor b)
    {
        if (a.DType != b.DType)
            throw new ArgumentException($"{op}: dtypes differ: {a.DType.Name()}{ShapeUtil.Format(a.Dims)} and {b.DType.Name()}{ShapeUtil.Format(b.Dims)}; convert one with Cast()");
        if (a.Backend != b.Backend)
            throw new ArgumentException($"{op}: tensors live on different backends ({a.Backend.Name} and {b.Backend.Name}); move one with To()");
    }

    public static void Rank(string op, Tensor x, int rank, string layout)
    {
        if (x.Rank != rank)
            throw new ArgumentException($"{op}: expected a rank-{rank} tensor {layout}, got shape {ShapeUtil.Format(x.Dims)}");
    }
}
