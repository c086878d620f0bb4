using System.Numerics;

namespace Engine.Backends.Cpu;

public sealed partial class CpuBackend : IFusedOptimizerBackend
{
    /// <inheritdoc/>
    public void Adam(View p, View g, View? m, View? v, View pOut, View mOut, View vOut, AdamCoefficients c)
    {
        if (p.Storage.DType == DType.Float32) AdamT<float>(p, g, m, v, pOut, mOut, vOut, c);
        else AdamT<double>(p, g, m, v, pOut, mOut, vOut, c);
    }

    private static void AdamT<T>(View pv, View gv, View? mv, View? vv, View po, View mo, View vo, AdamCoefficients c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] ps = Data<T>(pv.Storage), gs = Data<T>(gv.Storage), pos = Data<T>(po.Storage), mos = Data<T>(mo.Storage), vos = Data<T>(vo.Storage);
        T[]? ms = mv is View m ? Data<T>(m.Storage) : null, vs = vv is View v ? Data<T>(v.Storage) : null;
        int mOff = mv?.Offset ?? 0, vOff = vv?.Offset ?? 0;
        T b1 = T.CreateTruncating(c.Beta1), b2 = T.CreateTruncating(c.Beta2), a1 = T.CreateTruncating(1 - c.Beta1), a2 = T.CreateTruncating(1 - c.Beta2);
        T eps = T.CreateTruncating(c.Eps), wd = T.CreateTruncating(c.WeightDecay), step = T.CreateTruncating(c.StepSize), ib2 = T.CreateTruncating(c.InvSqrtBias2);
        bool decay = c.WeightDecay != 0;
        int n = (int)pv.Numel;
        // Elementwise, so any split over the cores gives the same bits. Vector<T> arithmetic rounds each
        // operation like the scalar loop (no contraction into FMA), so the tail agrees with the body.
        ForRanges(n, n / (Strided.ParallelThreshold / 2), (lo, hi) =>
        {
            int w = Vector<T>.Count, i = lo;
            Vector<T> vb1 = new(b1), vb2 = new(b2), va1 = new(a1), va2 = new(a2), veps = new(eps), vwd = new(wd), vstep = new(step), vib2 = new(ib2);
            for (; i <= hi - w; i += w)
            {
                var pp = new Vector<T>(ps, pv.Offset + i);
                var gg = new Vector<T>(gs, gv.Offset + i);
                if (decay) gg += pp * vwd;
                var mm = ms == null ? gg * va1 : new Vector<T>(ms, mOff + i) * vb1 + gg * va1;
                var vv2 = ms == null || vs == null ? (gg * gg) * va2 : new Vector<T>(vs, vOff + i) * vb2 + (gg * gg) * va2;
                var denom = Vector.SquareRoot(vv2) * vib2 + veps;
                (pp - (mm / denom) * vstep).CopyTo(pos, po.Offset + i);
                mm.CopyTo(mos, mo.Offset + i);
                vv2.CopyTo(vos, vo.Offset + i);
            }
            for (; i < hi; i++)
            {
                T pp = ps[pv.Offset + i], gg = gs[gv.Offset + i];
                if (decay) gg += pp * wd;
                T mm = ms == null ? gg * a1 : ms[mOff + i] * b1 + gg * a1;
                T vv2 = ms == null || vs == null ? (gg * gg) * a2 : vs[vOff + i] * b2 + (gg * gg) * a2;
                T denom = T.Sqrt(vv2) * ib2 + eps;
                pos[po.Offset + i] = pp - (mm / denom) * step;
                mos[mo.Offset + i] = mm;
                vos[vo.Offset + i] = vv2;
            }
        });
    }
}
