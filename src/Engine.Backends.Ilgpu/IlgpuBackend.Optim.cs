using Engine.Kernels.Optim;

namespace Engine.Backends.Ilgpu;

public sealed partial class IlgpuBackend : IFusedOptimizerBackend
{
    private AdamLaunchers? _adam;

    /// <inheritdoc/>
    public void Adam(View p, View g, View? m, View? v, View pOut, View mOut, View vOut, AdamCoefficients c)
    {
        _adam ??= new AdamLaunchers(K);
        int n = checked((int)p.Numel);
        bool decay = c.WeightDecay != 0;
        // Offsets are applied as sub-views: the kernel indexes every view from 0.
        if (p.Storage.DType == DType.Float32)
        {
            var s = new AdamScalars<float>((float)c.Beta1, (float)c.Beta2, (float)(1 - c.Beta1), (float)(1 - c.Beta2), (float)c.Eps,
                (float)c.WeightDecay, (float)c.StepSize, (float)c.InvSqrtBias2);
            _adam.Adam(n, s, decay, F(p).SubView(p.Offset), F(g).SubView(g.Offset), m is View mv ? F(mv).SubView(mv.Offset) : null,
                v is View vv ? F(vv).SubView(vv.Offset) : null, F(pOut).SubView(pOut.Offset), F(mOut).SubView(mOut.Offset), F(vOut).SubView(vOut.Offset));
        }
        else
        {
            var s = new AdamScalars<double>(c.Beta1, c.Beta2, 1 - c.Beta1, 1 - c.Beta2, c.Eps, c.WeightDecay, c.StepSize, c.InvSqrtBias2);
            _adam.Adam(n, s, decay, D(p).SubView(p.Offset), D(g).SubView(g.Offset), m is View mv ? D(mv).SubView(mv.Offset) : null,
                v is View vv ? D(vv).SubView(vv.Offset) : null, D(pOut).SubView(pOut.Offset), D(mOut).SubView(mOut.Offset), D(vOut).SubView(vOut.Offset));
        }
    }
}
