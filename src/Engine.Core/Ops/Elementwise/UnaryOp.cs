using Engine.Autodiff;
using Engine.Kernels.Scalar;

namespace Engine.Ops;

/// <summary>Multiplies g by f′(x), given x and y = f(x): g·f′ is the reverse rule (g = gy) and the forward rule (g = tx).</summary>
internal delegate Tensor UnaryPartial(Tensor g, Tensor x, Tensor y);

/// <summary>
/// An elementwise op y = f(x) given by a scalar functor and the product g·f′(x) written in tensor
/// ops. Both modes derive from that one expression, so an elementwise op is one functor plus one
/// derivative line.
/// </summary>
internal sealed class UnaryOp<TF>(string name, TF functor, UnaryPartial partial) : Op
    where TF : struct, IUnaryFunctor
{
    public override string Name => name;

    public override Tensor Forward(Tensor[] x)
    {
        var a = x[0];
        Checks.Float(name, a);
        var y = Tensor.UninitializedLike(a, a.DType);
        a.Backend.Unary(functor, a.View, y.View);
        return y;
    }

    public override Tensor?[] Backward(Tensor gy, Tensor[] x, Tensor y, bool[] needs) => [partial(gy, x[0], y)];

    public override Tensor Jvp(Tensor?[] tx, Tensor[] x, Tensor y) => tx[0] is { } t ? partial(t, x[0], y) : y.ZerosLike();
}

/// <summary>Elementwise maps with no useful derivative (masks, sign, step): their derivative is zero almost everywhere.</summary>
internal sealed class ConstantUnaryOp<TF>(string name, TF functor) : Op where TF : struct, IUnaryFunctor
{
    public override string Name => name;

    public override Tensor Forward(Tensor[] x)
    {
        Checks.Float(name, x[0]);
        var y = Tensor.UninitializedLike(x[0], x[0].DType);
        x[0].Backend.Unary(functor, x[0].View, y.View);
        return y;
    }

    public override Tensor?[] Backward(Tensor gy, Tensor[] x, Tensor y, bool[] needs) => [x[0].ZerosLike()];

    public override Tensor Jvp(Tensor?[] tx, Tensor[] x, Tensor y) => y.ZerosLike();
}
