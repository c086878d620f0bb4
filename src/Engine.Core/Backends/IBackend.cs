using Engine.Kernels.Scalar;

namespace Engine.Backends;

/// <summary>Which reduction a <see cref="IBackend.Reduce"/> performs.</summary>
public enum ReduceKind
{
    /// <summary>Σ over the reduced axes.</summary>
    Sum,
    /// <summary>The largest value over the reduced axes.</summary>
    Max,
    /// <summary>The smallest value over the reduced axes.</summary>
    Min,
}

/// <summary>Which distribution a <see cref="IBackend.Random"/> draws from (see <see cref="RandomElement"/>).</summary>
public enum RandomKind
{
    /// <summary>U[0, 1).</summary>
    Uniform,
    /// <summary>The standard normal N(0, 1).</summary>
    Normal,
}

/// <summary>
/// What a device must do for the engine: primitive families, not one method per op. Elementwise work
/// is generic over the scalar functors of <c>Engine.Kernels.Scalar</c>, so a new elementwise op needs
/// a functor and no new backend method. Every method writes into a destination it is given; shapes
/// are already validated by the op layer. The CPU backend is the semantic reference for all others.
/// </summary>
public interface IBackend
{
    /// <summary>A short name for messages and device listings ("cpu", "cuda:0", …).</summary>
    string Name { get; }

    /// <summary>A zero-filled buffer.</summary>
    Storage Allocate(DType dtype, long length);

    /// <summary>
    /// A buffer whose contents are unspecified, for outputs the caller overwrites completely (the CPU
    /// backend then skips zeroing a reused array). Defaults to <see cref="Allocate"/>.
    /// </summary>
    Storage AllocateUninitialized(DType dtype, long length) => Allocate(dtype, length);

    /// <summary>A buffer holding a copy of <paramref name="data"/> (float[], double[], int[] or long[]).</summary>
    Storage FromHost(Array data);

    /// <summary>Copies a whole buffer into <paramref name="destination"/> (same element type and length).</summary>
    void ToHost(Storage source, Array destination);

    /// <summary>dst[i] = value for every element of the view.</summary>
    void Fill(View dst, double value);

    /// <summary>dst = src elementwise (shapes equal; any strides on both sides; dtype conversion allowed).</summary>
    void Copy(View src, View dst);

    /// <summary>dst = op(x); dst is contiguous with x's shape.</summary>
    void Unary<TOp>(TOp op, View x, View dst) where TOp : struct, IUnaryFunctor;

    /// <summary>dst = op(a, b); a and b are already broadcast to dst's shape (stride 0 on broadcast axes).</summary>
    void Binary<TOp>(TOp op, View a, View b, View dst) where TOp : struct, IBinaryFunctor;

    /// <summary>dst = cond ≠ 0 ? a : b, all broadcast to dst's shape.</summary>
    void Where(View cond, View a, View b, View dst);

    /// <summary>Reduces x over <paramref name="axes"/> (sorted) into contiguous dst whose shape is x's with those axes removed.</summary>
    void Reduce(ReduceKind kind, View x, int[] axes, View dst);

    /// <summary>
    /// Batched matrix product dst[b] = a[b] · b[b]: a is [batch, m, k], b is [batch, k, n] (any strides,
    /// stride 0 on a broadcast batch), dst is contiguous [batch, m, n].
    /// </summary>
    void MatMul(View a, View b, View dst);

    /// <summary>
    /// im2col for 1-D convolution: x [batch, channels, length] → cols [batch, channels·kernel, outLength]
    /// with cols[b, c·K + j, t] = x[b, c, t·stride + j·dilation − padding] (0 outside).
    /// </summary>
    void Im2Col(View x, View cols, int kernel, int stride, int padding, int dilation);

    /// <summary>The adjoint of <see cref="Im2Col"/>: x[b, c, l] = Σ over (j, t) that read l of cols[b, c·K + j, t]; dst is overwritten.</summary>
    void Col2Im(View cols, View x, int kernel, int stride, int padding, int dilation);

    /// <summary>dst = x.index_select(axis, index): dst shape is x's with dimension <paramref name="axis"/> replaced by index's length.</summary>
    void IndexSelect(View x, int axis, View index, View dst);

    /// <summary>dst (pre-filled) += source scattered along <paramref name="axis"/> at index, deterministically (duplicates summed in order).</summary>
    void IndexAdd(View source, int axis, View index, View dst);

    /// <summary>Fills a contiguous float view with draws: element i uses Philox counter offset + i in the given stream.</summary>
    void Random(RandomKind kind, ulong key, uint stream, ulong offset, View dst);
}
