using Engine.Autodiff;
using Engine.Backends;

namespace Engine.Ops;

/// <summary>Sum over axes. Reverse: the cotangent broadcast back; forward: the sum of the tangent.</summary>
internal sealed class SumOp(int[] axes, bool keepDim) : Op
{
    public override string Name => "sum";

    public override Tensor Forward(Tensor[] x) => ReduceKernel.Run(ReduceKind.Sum, x[0], axes, keepDim, Name);

    public override Tensor?[] Backward(Tensor gy, Tensor[] x, Tensor y, bool[] needs) =>
        [gy.Reshape(ReduceKernel.KeptShape(x[0].Dims, axes)).Expand(x[0].Dims)];

    public override Tensor Jvp(Tensor?[] tx, Tensor[] x, Tensor y) => tx[0]!.Sum(axes, keepDim);
}

/// <summary>
/// Max or min over axes. The gradient flows to the arg-extremum; ties share it equally (the
/// subgradient that is symmetric in the tied entries, as PyTorch's amax does).
/// </summary>
internal sealed class ExtremumOp(ReduceKind kind, int[] axes, bool keepDim) : Op
{
    public override string Name => kind == ReduceKind.Max ? "max" : "min";

    public override Tensor Forward(Tensor[] x) => ReduceKernel.Run(kind, x[0], axes, keepDim, Name);

    private Tensor Weights(Tensor x, Tensor y)
    {
        var mask = x.Eq(y.Reshape(ReduceKernel.KeptShape(x.Dims, axes)).Detach());
        return mask / mask.Sum(axes, keepDim: true);
    }

    public override Tensor?[] Backward(Tensor gy, Tensor[] x, Tensor y, bool[] needs) =>
        [gy.Reshape(ReduceKernel.KeptShape(x[0].Dims, axes)) * Weights(x[0], y)];

    public override Tensor Jvp(Tensor?[] tx, Tensor[] x, Tensor y) => (tx[0]! * Weights(x[0], y)).Sum(axes, keepDim);
}

internal static class ReduceKernel
{
    public static Tensor Run(ReduceKind kind, Tensor x, int[] axes, bool keepDim, string name)
    {
        Checks.Float(name, x);
        foreach (var a in axes)
            if (x.Dims[a] == 0 && kind != ReduceKind.Sum)
                throw new ArgumentException($"{name}: cannot reduce over the empty axis {a} of shape {ShapeUtil.Format(x.Dims)}");
        var reduced = ReducedShape(x.Dims, axes);
        var y = Tensor.Uninitialized(reduced, x.DType, x.Backend);
        x.Backend.Reduce(kind, x.View, axes, y.View);
        return keepDim ? y.Reshape(KeptShape(x.Dims, axes)) : y;
    }

    public static int[] ReducedShape(int[] shape, int[] axes) => shape.Where((_, i) => Array.BinarySearch(axes, i) < 0).ToArray();

    public static int[] KeptShape(int[] shape, int[] axes) => shape.Select((d, i) => Array.BinarySearch(axes, i) >= 0 ? 1 : d).ToArray();
}
