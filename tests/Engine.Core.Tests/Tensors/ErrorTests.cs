namespace Engine.Core.Tests.Tensors;

/// <summary>Bad input fails loudly with the op's name and the shapes involved.</summary>
public class ErrorTests
{
    [Fact]
    public void Matmul_names_the_op_and_both_shapes()
    {
        var a = Tensor.Zeros([32, 40]);
        var b = Tensor.Zeros([64, 128]);
        var ex = Assert.Throws<ArgumentException>(() => a.MatMul(b));
        Assert.Equal("matmul: [32,40] @ [64,128]: inner dimensions 40 and 64 differ", ex.Message);
    }

    [Fact]
    public void Broadcast_mismatch_names_shapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros([2, 3]) + Tensor.Zeros([4]));
        Assert.Contains("add: shapes [2,3] and [4] cannot be broadcast", ex.Message);
    }

    [Fact]
    public void Dtype_mismatch_is_an_error()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros([2], DType.Float32) * Tensor.Zeros([2], DType.Float64));
        Assert.Contains("mul: dtypes differ", ex.Message);
    }

    [Fact]
    public void Reshape_conv_and_index_errors()
    {
        Assert.Contains("reshape: shape [2,3] (6 elements) cannot become [4]", Assert.Throws<ArgumentException>(() => Tensor.Zeros([2, 3]).Reshape(4)).Message);
        Assert.Contains("conv1d: input [1,3,8] and weight [4,2,3] do not fit groups=1", Assert.Throws<ArgumentException>(() => Tensor.Conv1d(Tensor.Zeros([1, 3, 8]), Tensor.Zeros([4, 2, 3]))).Message);
        Assert.Contains("index_select: index 5 is out of range [0, 3)", Assert.Throws<ArgumentException>(() => Tensor.Zeros([3, 2]).IndexSelect(0, Tensor.FromArray([0, 5]))).Message);
        Assert.Contains("group_norm: 6 channels of [1,6,4] cannot be split into 4 groups", Assert.Throws<ArgumentException>(() => Tensor.GroupNorm(Tensor.Zeros([1, 6, 4]), 4)).Message);
        Assert.Contains("sum: axis 3 is out of range", Assert.Throws<ArgumentException>(() => Tensor.Zeros([2, 2]).Sum([3])).Message);
    }

    [Fact]
    public void Disposed_tensor_throws_when_used()
    {
        var x = Tensor.Ones([3]);
        var view = x.Reshape(1, 3);
        x.Dispose();
        var ex = Assert.Throws<ObjectDisposedException>(() => view.Exp());
        Assert.Contains("exp", ex.Message);
        Assert.Throws<ObjectDisposedException>(() => x.ToArrayFloat());
    }
}
