namespace Engine.Testing;

public static class TensorAssert
{
    /// <summary>Same shape and |a − b| ≤ atol + rtol·|b| elementwise.</summary>
    public static void Close(Tensor expected, Tensor actual, double rtol = 1e-10, double atol = 1e-12)
    {
        Xunit.Assert.Equal(expected.Shape, actual.Shape);
        var e = expected.ToArrayDouble();
        var a = actual.ToArrayDouble();
        for (int i = 0; i < e.Length; i++)
            if (!(Math.Abs(e[i] - a[i]) <= atol + rtol * Math.Abs(e[i])))
                throw new Xunit.Sdk.XunitException($"element {i} of {ShapeUtil.Format(expected.Shape)}: expected {e[i]:G12}, got {a[i]:G12}");
    }

    public static void Close(double expected, double actual, double tol)
    {
        if (!(Math.Abs(expected - actual) <= tol * (1 + Math.Abs(expected))))
            throw new Xunit.Sdk.XunitException($"expected {expected:G12}, got {actual:G12} (tolerance {tol:G3})");
    }

    /// <summary>Bitwise equality of values (same numbers, not just close).</summary>
    public static void Identical(Tensor expected, Tensor actual)
    {
        Xunit.Assert.Equal(expected.Shape, actual.Shape);
        Xunit.Assert.Equal(expected.ToArrayDouble(), actual.ToArrayDouble());
    }
}
