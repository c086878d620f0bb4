using System.Numerics;
using System.Numerics.Tensors;

namespace Engine.Backends.Cpu;

/// <summary>
/// Fused group normalisation. Work is split by (batch, group) block, each block owned by one thread,
/// and every sum runs in a fixed order (vector lanes from the block start, then the lanes in order),
/// so results do not depend on the thread count or on array addresses. The per-block statistics are
/// recomputed in the backward kernels rather than saved: two extra passes over data that is in cache
/// anyway, and nothing to keep alive between forward and backward.
/// </summary>
public sealed partial class CpuBackend : IFusedNormBackend
{
    /// <inheritdoc/>
    public void GroupNorm(View x, View? weight, View? bias, int groups, double eps, View y)
    {
        if (x.Storage.DType == DType.Float32) GroupNormT<float>(x, weight, bias, groups, eps, y);
        else GroupNormT<double>(x, weight, bias, groups, eps, y);
    }

    /// <inheritdoc/>
    public void GroupNormInputGrad(View gy, View x, View? weight, int groups, double eps, View dx)
    {
        if (x.Storage.DType == DType.Float32) InputGradT<float>(gy, x, weight, groups, eps, dx);
        else InputGradT<double>(gy, x, weight, groups, eps, dx);
    }

    /// <inheritdoc/>
    public void GroupNormAffineGrad(View gy, View x, int groups, double eps, View dwdb)
    {
        if (x.Storage.DType == DType.Float32) AffineGradT<float>(gy, x, groups, eps, dwdb);
        else AffineGradT<double>(gy, x, groups, eps, dwdb);
    }

    private readonly record struct NormShape(int Batch, int Channels, int Rest, int Groups)
    {
        public int PerGroup => Channels / Groups;
        public int BlockLength => PerGroup * Rest;
        public static NormShape Of(View x, int groups) =>
            new(x.Shape[0], x.Shape[1], (int)(x.Numel / Math.Max(1L, (long)x.Shape[0] * x.Shape[1])), groups);
    }

    private static void ForBlocks(NormShape s, Action<int> block)
    {
        int blocks = s.Batch * s.Groups;
        if ((long)blocks * s.BlockLength < Strided.ParallelThreshold || blocks == 1)
            for (int i = 0; i < blocks; i++) block(i);
        else
            Parallel.For(0, blocks, block);
    }

    /// <summary>Mean and 1/√(biased variance + eps) of one block (two passes: no cancellation).</summary>
    private static (T Mean, T Rstd) Stats<T>(ReadOnlySpan<T> x, double eps) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double mean = Sum(x) / x.Length;
        double var = SumSquaredDeviation(x, T.CreateTruncating(mean)) / x.Length;
        return (T.CreateTruncating(mean), T.CreateTruncating(1.0 / Math.Sqrt(var + eps)));
    }

    private static void GroupNormT<T>(View xv, View? wv, View? bv, int groups, double eps, View yv) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var s = NormShape.Of(xv, groups);
        T[] xs = Data<T>(xv.Storage), ys = Data<T>(yv.Storage);
        T[]? ws = wv is View w ? Data<T>(w.Storage) : null, bs = bv is View b ? Data<T>(b.Storage) : null;
        int wo = wv?.Offset ?? 0, bo = bv?.Offset ?? 0;
        ForBlocks(s, i =>
        {
            int start = i * s.BlockLength, g = i % s.Groups;
            var (mean, rstd) = Stats(new ReadOnlySpan<T>(xs, xv.Offset + start, s.BlockLength), eps);
            for (int c = 0; c < s.PerGroup; c++)
            {
                int ch = g * s.PerGroup + c;
                // y = x·scale + shift with scale = rstd·w, shift = b − μ·scale.
                T scale = ws == null ? rstd : rstd * ws[wo + ch];
                T shift = (bs == null ? T.Zero : bs[bo + ch]) - mean * scale;
                int at = start + c * s.Rest;
                ScaleShift(new ReadOnlySpan<T>(xs, xv.Offset + at, s.Rest), scale, shift, new Span<T>(ys, yv.Offset + at, s.Rest));
            }
        });
    }

    private static void InputGradT<T>(View gv, View xv, View? wv, int groups, double eps, View dv) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var s = NormShape.Of(xv, groups);
        T[] gs = Data<T>(gv.Storage), xs = Data<T>(xv.Storage), ds = Data<T>(dv.Storage);
        T[]? ws = wv is View w ? Data<T>(w.Storage) : null;
        int wo = wv?.Offset ?? 0;
        ForBlocks(s, i =>
        {
            int start = i * s.BlockLength, g = i % s.Groups;
            var (mean, rstd) = Stats(new ReadOnlySpan<T>(xs, xv.Offset + start, s.BlockLength), eps);
            // s1 = Σ ĝ, s2 = Σ ĝ·(x − μ) with ĝ = gy·w: per channel, w is a constant factor.
            double s1 = 0, s2 = 0;
            for (int c = 0; c < s.PerGroup; c++)
            {
                int at = start + c * s.Rest;
                var gyc = new ReadOnlySpan<T>(gs, gv.Offset + at, s.Rest);
                double wc = ws == null ? 1.0 : double.CreateTruncating(ws[wo + g * s.PerGroup + c]);
                s1 += wc * Sum(gyc);
                s2 += wc * DotDeviation(gyc, new ReadOnlySpan<T>(xs, xv.Offset + at, s.Rest), mean);
            }
            // dx = rstd·ĝ − rstd·s1/n − (x − μ)·rstd³·s2/n = a_c·gy + bx·x + c0.
            double n = s.BlockLength, r = double.CreateTruncating(rstd), m = double.CreateTruncating(mean);
            double bxd = -r * r * r * s2 / n;
            T bx = T.CreateTruncating(bxd), c0 = T.CreateTruncating(-r * s1 / n - m * bxd);
            for (int c = 0; c < s.PerGroup; c++)
            {
                int at = start + c * s.Rest;
                T a = ws == null ? rstd : rstd * ws[wo + g * s.PerGroup + c];
                var dxc = new Span<T>(ds, dv.Offset + at, s.Rest);
                ScaleShift(new ReadOnlySpan<T>(xs, xv.Offset + at, s.Rest), bx, c0, dxc);
                TensorPrimitives.MultiplyAdd(new ReadOnlySpan<T>(gs, gv.Offset + at, s.Rest), a, dxc, dxc);
            }
        });
    }

    private static void AffineGradT<T>(View gv, View xv, int groups, double eps, View dv) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var s = NormShape.Of(xv, groups);
        T[] gs = Data<T>(gv.Storage), xs = Data<T>(xv.Storage), ds = Data<T>(dv.Storage);
        // Per (batch, channel) partial sums, then a sum over the batch in order: deterministic.
        var dwPart = new double[s.Batch * s.Channels];
        var dbPart = new double[s.Batch * s.Channels];
        ForBlocks(s, i =>
        {
            int start = i * s.BlockLength, bi = i / s.Groups, g = i % s.Groups;
            var (mean, rstd) = Stats(new ReadOnlySpan<T>(xs, xv.Offset + start, s.BlockLength), eps);
            for (int c = 0; c < s.PerGroup; c++)
            {
                int at = start + c * s.Rest, ch = g * s.PerGroup + c;
                var gyc = new ReadOnlySpan<T>(gs, gv.Offset + at, s.Rest);
                dbPart[bi * s.Channels + ch] = Sum(gyc);
                dwPart[bi * s.Channels + ch] = double.CreateTruncating(rstd) * DotDeviation(gyc, new ReadOnlySpan<T>(xs, xv.Offset + at, s.Rest), mean);
            }
        });
        for (int ch = 0; ch < s.Channels; ch++)
        {
            double dw = 0, db = 0;
            for (int bi = 0; bi < s.Batch; bi++)
            {
                dw += dwPart[bi * s.Channels + ch];
                db += dbPart[bi * s.Channels + ch];
            }
            ds[dv.Offset + ch] = T.CreateTruncating(dw);
            ds[dv.Offset + s.Channels + ch] = T.CreateTruncating(db);
        }
    }

    /// <summary>y = x·a + b.</summary>
    private static void ScaleShift<T>(ReadOnlySpan<T> x, T a, T b, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector<T>.Count, i = 0;
        Vector<T> va = new(a), vb = new(b);
        for (; i <= x.Length - w; i += w) (new Vector<T>(x[i..]) * va + vb).CopyTo(y[i..]);
        for (; i < x.Length; i++) y[i] = x[i] * a + b;
    }

    // Reductions in a fixed order: four vector accumulators over the span from its start, then the
    // lanes and the tail in index order, combined in double.

    private static double Sum<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector<T>.Count, i = 0;
        Vector<T> a0 = default, a1 = default, a2 = default, a3 = default;
        for (; i <= x.Length - 4 * w; i += 4 * w)
        {
            a0 += new Vector<T>(x[i..]);
            a1 += new Vector<T>(x[(i + w)..]);
            a2 += new Vector<T>(x[(i + 2 * w)..]);
            a3 += new Vector<T>(x[(i + 3 * w)..]);
        }
        for (; i <= x.Length - w; i += w) a0 += new Vector<T>(x[i..]);
        double sum = Lanes((a0 + a1) + (a2 + a3));
        for (; i < x.Length; i++) sum += double.CreateTruncating(x[i]);
        return sum;
    }

    private static double SumSquaredDeviation<T>(ReadOnlySpan<T> x, T mean) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector<T>.Count, i = 0;
        var m = new Vector<T>(mean);
        Vector<T> a0 = default, a1 = default;
        for (; i <= x.Length - 2 * w; i += 2 * w)
        {
            var d0 = new Vector<T>(x[i..]) - m;
            var d1 = new Vector<T>(x[(i + w)..]) - m;
            a0 += d0 * d0;
            a1 += d1 * d1;
        }
        for (; i <= x.Length - w; i += w)
        {
            var d = new Vector<T>(x[i..]) - m;
            a0 += d * d;
        }
        double sum = Lanes(a0 + a1);
        for (; i < x.Length; i++)
        {
            double d = double.CreateTruncating(x[i] - mean);
            sum += d * d;
        }
        return sum;
    }

    /// <summary>Σ g·(x − mean).</summary>
    private static double DotDeviation<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> x, T mean) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector<T>.Count, i = 0;
        var m = new Vector<T>(mean);
        Vector<T> a0 = default, a1 = default;
        for (; i <= x.Length - 2 * w; i += 2 * w)
        {
            a0 += new Vector<T>(g[i..]) * (new Vector<T>(x[i..]) - m);
            a1 += new Vector<T>(g[(i + w)..]) * (new Vector<T>(x[(i + w)..]) - m);
        }
        for (; i <= x.Length - w; i += w) a0 += new Vector<T>(g[i..]) * (new Vector<T>(x[i..]) - m);
        double sum = Lanes(a0 + a1);
        for (; i < x.Length; i++) sum += double.CreateTruncating(g[i] * (x[i] - mean));
        return sum;
    }

    private static double Lanes<T>(Vector<T> v) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        for (int k = 0; k < Vector<T>.Count; k++) sum += double.CreateTruncating(v[k]);
        return sum;
    }
}
