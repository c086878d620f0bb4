namespace Engine.Backends;

/// <summary>
/// Optional fused affine map, dst = a·b + c with c broadcast over the rows (a Linear layer's bias, or a term
/// shared by a group of rows): the bias is written first and the product added to it by the GEMM, instead of a
/// product pass and then an add pass over the output.
/// </summary>
public interface IFusedLinearBackend
{
    /// <summary>
    /// dst = a·b + c. a [m, k] and b [k, n] (any strides); dst contiguous, of any shape [.., n] with m rows in all;
    /// c a view of dst's shape (any strides, 0 along broadcast axes). The result has exactly the bits of
    /// <see cref="IBackend.MatMul"/> into dst followed by an elementwise add of c.
    /// </summary>
    void AddMatMul(View a, View b, View c, View dst);
}
