using Engine.Kernels.Conv;

namespace Engine.Backends.Ilgpu;

/// <summary>
/// The fused 1-D convolution: direct kernels, one thread per output, each summing in the order the composite's
/// GEMM (and col2im) would, so on the CPU simulator the fused and composite paths agree to the bit except for the
/// sign of zero. Whether these beat im2col + cuBLAS on a GPU is what the GPU check's W4 measures.
/// </summary>
public sealed partial class IlgpuBackend : IFusedConvBackend
{
    /// <inheritdoc/>
    public void Conv1dForward(View x, View w, View? bias, View y, int kernel, int stride, int padding, int dilation)
    {
        var s = new Conv1dShape(x.Shape[0], x.Shape[1], x.Shape[2], w.Shape[0], y.Shape[2], kernel, stride, padding, dilation);
        var xd = Dense(x, out var xs);
        var wd = Dense(w, out var ws);
        IlgpuStorage? bs = null;
        View? bd = bias is View b ? Dense(b, out bs) : null;
        if (x.Storage.DType == DType.Float32)
            K.Conv.Conv1d(s, At(F, xd), At(F, wd), bd is View bf ? At(F, bf) : null, At(F, y));
        else
            K.Conv.Conv1d(s, At(D, xd), At(D, wd), bd is View bf ? At(D, bf) : null, At(D, y));
        xs?.Dispose();
        ws?.Dispose();
        bs?.Dispose();
    }

    /// <inheritdoc/>
    public void Conv1dInputGrad(View gy, View w, View dx, int kernel, int stride, int padding, int dilation)
    {
        var s = new Conv1dShape(dx.Shape[0], dx.Shape[1], dx.Shape[2], w.Shape[0], gy.Shape[2], kernel, stride, padding, dilation);
        var gd = Dense(gy, out var gs);
        var wd = Dense(w, out var ws);
        if (dx.Storage.DType == DType.Float32) K.Conv.Conv1dInputGrad(s, At(F, gd), At(F, wd), At(F, dx));
        else K.Conv.Conv1dInputGrad(s, At(D, gd), At(D, wd), At(D, dx));
        gs?.Dispose();
        ws?.Dispose();
    }

    /// <inheritdoc/>
    public void Conv1dWeightGrad(View gy, View x, View dw, int kernel, int stride, int padding, int dilation)
    {
        var s = new Conv1dShape(x.Shape[0], x.Shape[1], x.Shape[2], gy.Shape[1], gy.Shape[2], kernel, stride, padding, dilation);
        var gd = Dense(gy, out var gs);
        var xd = Dense(x, out var xs);
        if (dw.Storage.DType == DType.Float32) K.Conv.Conv1dWeightGrad(s, At(F, xd), At(F, gd), At(F, dw));
        else K.Conv.Conv1dWeightGrad(s, At(D, xd), At(D, gd), At(D, dw));
        gs?.Dispose();
        xs?.Dispose();
    }
}
