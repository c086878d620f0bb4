using Engine.Kernels.Conv;
using Engine.Kernels.Indexing;

namespace Engine.Backends.Ilgpu;

public sealed partial class IlgpuBackend
{
    /// <inheritdoc/>
    public void Im2Col(View x, View cols, int kernel, int stride, int padding, int dilation)
    {
        var xd = Dense(x, out var xs);
        var cd = Dense(cols, out var cs);
        var s = new Conv1dShape(x.Shape[0], x.Shape[1], x.Shape[2], 0, cols.Shape[2], kernel, stride, padding, dilation);
        if (x.Storage.DType == DType.Float32) K.Conv.Im2Col(s, F(xd).SubView(xd.Offset), F(cd).SubView(cd.Offset));
        else K.Conv.Im2Col(s, D(xd).SubView(xd.Offset), D(cd).SubView(cd.Offset));
        if (cs is not null) Copy(cd, cols);
        xs?.Dispose();
        cs?.Dispose();
    }

    /// <inheritdoc/>
    public void Col2Im(View cols, View x, int kernel, int stride, int padding, int dilation)
    {
        var cd = Dense(cols, out var cs);
        var xd = x.IsContiguous ? x : Backends.View.Contiguous(Scratch(x.Storage.DType, x.Numel), x.Shape);
        var s = new Conv1dShape(x.Shape[0], x.Shape[1], x.Shape[2], 0, cols.Shape[2], kernel, stride, padding, dilation);
        if (x.Storage.DType == DType.Float32) K.Conv.Col2Im(s, F(cd).SubView(cd.Offset), F(xd).SubView(xd.Offset));
        else K.Conv.Col2Im(s, D(cd).SubView(cd.Offset), D(xd).SubView(xd.Offset));
        if (!x.IsContiguous) { Copy(xd, x); xd.Storage.Dispose(); }
        cs?.Dispose();
    }

    /// <inheritdoc/>
    public void IndexSelect(View x, int axis, View index, View dst)
    {
        var xd = Dense(x, out var xs);
        var id = Dense(index, out var ids);
        var dd = dst.IsContiguous ? dst : Backends.View.Contiguous(Scratch(dst.Storage.DType, dst.Numel), dst.Shape);
        var s = Around(x.Shape, axis, index.Shape[0]);
        var idx = I(id).SubView(id.Offset);
        switch (x.Storage.DType)
        {
            case DType.Float32: K.Indexing.Gather(s, F(xd).SubView(xd.Offset), idx, F(dd).SubView(dd.Offset)); break;
            case DType.Float64: K.Indexing.Gather(s, D(xd).SubView(xd.Offset), idx, D(dd).SubView(dd.Offset)); break;
            case DType.Int32: K.Indexing.Gather(s, I(xd).SubView(xd.Offset), idx, I(dd).SubView(dd.Offset)); break;
            default: K.Indexing.Gather(s, L(xd).SubView(xd.Offset), idx, L(dd).SubView(dd.Offset)); break;
        }
        if (!dst.IsContiguous) { Copy(dd, dst); dd.Storage.Dispose(); }
        xs?.Dispose();
        ids?.Dispose();
    }

    /// <inheritdoc/>
    public void IndexAdd(View source, int axis, View index, View dst)
    {
        var sd = Dense(source, out var ss);
        var id = Dense(index, out var ids);
        var dd = Dense(dst, out var ds);
        var s = Around(dst.Shape, axis, index.Shape[0]);
        var idx = I(id).SubView(id.Offset);
        if (dst.Storage.DType == DType.Float32) K.Indexing.ScatterAdd(s, F(sd).SubView(sd.Offset), idx, F(dd).SubView(dd.Offset));
        else K.Indexing.ScatterAdd(s, D(sd).SubView(sd.Offset), idx, D(dd).SubView(dd.Offset));
        if (ds is not null) Copy(dd, dst);
        ss?.Dispose();
        ids?.Dispose();
        ds?.Dispose();
    }

    /// <inheritdoc/>
    public void Random(RandomKind kind, ulong key, uint stream, ulong offset, View dst)
    {
        int n = (int)dst.Numel;
        if (dst.Storage.DType == DType.Float32)
        {
            var y = F(dst).SubView(dst.Offset);
            if (kind == RandomKind.Uniform) K.Random.Uniform(key, stream, offset, y, n); else K.Random.Normal(key, stream, offset, y, n);
        }
        else
        {
            var y = D(dst).SubView(dst.Offset);
            if (kind == RandomKind.Uniform) K.Random.Uniform(key, stream, offset, y, n); else K.Random.Normal(key, stream, offset, y, n);
        }
    }

    /// <summary>[outer, axis, inner] around dimension <paramref name="axis"/> of <paramref name="shape"/>.</summary>
    private static AxisShape Around(int[] shape, int axis, int count)
    {
        int outer = 1, inner = 1;
        for (int d = 0; d < axis; d++) outer *= shape[d];
        for (int d = axis + 1; d < shape.Length; d++) inner *= shape[d];
        return new AxisShape(outer, shape[axis], inner, count);
    }
}
