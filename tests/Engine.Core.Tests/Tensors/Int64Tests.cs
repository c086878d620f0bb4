using Engine.Testing;

namespace Engine.Core.Tests.Tensors;

/// <summary>
/// int64 tensors: stored, viewed, indexed and cast exactly (values a double cannot hold included), never
/// computed on or differentiated.
/// </summary>
public class Int64Tests
{
    /// <summary>2⁵³ + 1: the smallest positive integer a double rounds (to 2⁵³).</summary>
    private const long BeyondDouble = (1L << 53) + 1;

    private static readonly long[] Values = [BeyondDouble, -BeyondDouble - 2, long.MaxValue, long.MinValue, 0, 7];

    [Fact]
    public void ValuesBeyondTwoToThe53SurviveStorageExactly()
    {
        Assert.NotEqual(BeyondDouble, (long)(double)BeyondDouble); // what a trip through double would do
        var t = Tensor.FromArray(Values, 2, 3);
        Assert.Equal(DType.Int64, t.DType);
        Assert.Equal([2, 3], t.Shape);
        Assert.Equal(Values, t.ToArrayLong());
        Assert.Equal(Values, Tensor.FromHost(Values, null, null).ToArrayLong());
        Assert.Equal(8, DType.Int64.SizeInBytes());
        Assert.Equal(typeof(long), DType.Int64.ElementType());
        Assert.False(DType.Int64.IsFloat());
    }

    [Fact]
    public void ViewsIndexingAndStructureOpsKeepEveryBit()
    {
        var t = Tensor.FromArray(Values, 2, 3);
        Assert.Equal(new[] { Values[0], Values[3], Values[1], Values[4], Values[2], Values[5] }, t.Transpose(0, 1).Contiguous().ToArrayLong());
        Assert.Equal(new[] { Values[1], Values[2], Values[4], Values[5] }, t.Slice(1, 1, 3).ToArrayLong());
        Assert.Equal(Values, t.Reshape(3, 2).ToArrayLong());
        Assert.Equal(Values.Concat(Values).ToArray(), Tensor.Concat([t, t], 0).ToArrayLong());
        Assert.Equal([2, 2, 3], Tensor.Stack([t, t], 0).Shape);
        // index_select of an int64 tensor, with int32 and with int64 (PyTorch's) indices.
        var rows = t.IndexSelect(0, Tensor.FromArray([1, 0, 1]));
        Assert.Equal(Values[3..].Concat(Values[..3]).Concat(Values[3..]).ToArray(), rows.ToArrayLong());
        Assert.Equal(rows.ToArrayLong(), t.IndexSelect(0, Tensor.FromArray(new long[] { 1, 0, 1 })).ToArrayLong());
        var e = Assert.Throws<ArgumentException>(() => t.IndexSelect(0, Tensor.FromArray(new[] { 1L << 40 })));
        Assert.Equal($"index_select: index {1L << 40} is out of range [0, 2)", e.Message);
    }

    [Fact]
    public void CreationHelpersCoverInt64()
    {
        Assert.Equal([0L, 1, 2, 3], Tensor.Arange(4, DType.Int64).ToArrayLong());
        Assert.Equal([-3L, -3], Tensor.Full([2], -3, DType.Int64).ToArrayLong());
        var scalar = Tensor.Scalar(12, DType.Int64);
        Assert.Empty(scalar.Shape);
        Assert.Equal(12.0, scalar.Item());
        Assert.Equal([0L, 0], Tensor.Zeros([2], DType.Int64).ToArrayLong());
        Assert.Equal($"tensor([{BeyondDouble}, 7], int64[2])", Tensor.FromArray(new[] { BeyondDouble, 7 }).ToString());
    }

    [Fact]
    public void CastsToFloatsRoundToNearestOnce()
    {
        var t = Tensor.FromArray(Values);
        Assert.Equal(Values.Select(v => (double)v).ToArray(), t.Cast(DType.Float64).ToArrayDouble());
        // 2⁶⁰ + 2³⁶ + 1 lies just above the midpoint of two floats; through a double it would first round
        // to the midpoint itself, and then to the even float below.
        long v = (1L << 60) + (1L << 36) + 1;
        float once = Tensor.FromArray(new[] { v }).Cast(DType.Float32).ToArrayFloat()[0];
        Assert.Equal((float)((1L << 60) + (1L << 37)), once);
        Assert.NotEqual((float)(double)v, once);
    }

    [Fact]
    public void CastsFromFloatsTruncateAndRefuseWhatDoesNotFit()
    {
        Assert.Equal([-2L, 2, 9007199254740992, -4611686018427387904],
            Tensor.FromArray(new[] { -2.7, 2.7, 9007199254740992.0, -4611686018427387904.0 }).Cast(DType.Int64).ToArrayLong());
        Assert.Equal([3L, -1], Tensor.FromArray(new[] { 3.9f, -1.5f }).Cast(DType.Int64).ToArrayLong());
        Assert.Throws<OverflowException>(() => Tensor.FromArray(new[] { 1e19 }).Cast(DType.Int64).ToArrayLong());
        Assert.Throws<OverflowException>(() => Tensor.FromArray(new[] { double.NaN }).Cast(DType.Int64).ToArrayLong());
    }

    [Fact]
    public void CastsBetweenIntegerWidthsAreExactOrRefused()
    {
        Assert.Equal([int.MinValue, -1L, int.MaxValue], Tensor.FromArray(new[] { int.MinValue, -1, int.MaxValue }).Cast(DType.Int64).ToArrayLong());
        Assert.Equal([int.MinValue, 5], Tensor.FromArray(new[] { (long)int.MinValue, 5 }).Cast(DType.Int32).ToArrayInt());
        Assert.Throws<OverflowException>(() => Tensor.FromArray(new[] { (long)int.MaxValue + 1 }).Cast(DType.Int32).ToArrayInt());
    }

    [Fact]
    public void ArithmeticReductionsAndGradientsAreRefusedInOneLineNamingTheOpAndDtype()
    {
        var t = Tensor.FromArray(new long[] { 1, 2, 3 });
        var cases = new (string Op, Func<object> Run)[]
        {
            ("exp", () => t.Exp()),
            ("add", () => t + t),
            ("mul", () => t * t),
            ("sum", () => t.Sum()),
            ("matmul", () => t.Reshape(1, 3).MatMul(t.Reshape(3, 1))),
            ("where", () => Tensor.Where(t, t, t)),
            ("index_add", () => t.IndexAdd(0, Tensor.FromArray([0, 1, 0]), [2])),
            ("RequiresGrad", () => t.RequiresGrad()),
            ("rand", () => Tensor.RandN(new Generator(1), [2], DType.Int64)),
        };
        foreach (var (op, run) in cases)
        {
            var e = Assert.Throws<ArgumentException>(run);
            Assert.StartsWith($"{op}:", e.Message);
            Assert.Contains("int64", e.Message);
            Assert.DoesNotContain('\n', e.Message);
        }
    }

    [Fact]
    public void AnIntegerCastOfATrackedTensorCarriesNoGradient()
    {
        var x = Tensor.FromArray(new[] { 1.5, -2.5 }).RequiresGrad();
        var steps = (x * 2.0).Cast(DType.Int64);
        Assert.False(steps.RequiresGradient);
        Assert.Equal([3L, -5], steps.ToArrayLong());
        var (y, tangent) = Engine.Autodiff.ForwardAD.Jvp(v => v.Cast(DType.Int64).Cast(DType.Float64) * v, x.Detach(), Tensor.FromArray(new[] { 1.0, 1.0 }));
        // The integer round trip is a constant to forward mode: d/dv (c · v) = c.
        Assert.Equal([1.0, -2.0], tangent.ToArrayDouble());
        TensorAssert.Close(Tensor.FromArray(new[] { 1.5, 5.0 }), y);
    }
}
