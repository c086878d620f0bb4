using System.Numerics;
using Engine.Kernels.Scalar;

namespace Engine.Backends.Cpu;

/// <summary>y = op(x) over one run.</summary>
internal readonly struct UnaryRun<TOp, T>(TOp op, T[] x, T[] y) : IRunKernel
    where TOp : struct, IUnaryFunctor where T : unmanaged, IFloatingPointIeee754<T>
{
    public void Run(ReadOnlySpan<int> o, ReadOnlySpan<int> s, int n)
    {
        if (s[0] == 1 && s[1] == 1)
        {
            var src = new ReadOnlySpan<T>(x, o[0], n);
            var dst = new Span<T>(y, o[1], n);
            if (!VectorPaths.TryUnary(op, src, dst))
                for (int i = 0; i < n; i++) dst[i] = Generic.Apply(op, src[i]);
            return;
        }
        int xi = o[0], yi = o[1];
        for (int i = 0; i < n; i++, xi += s[0], yi += s[1]) y[yi] = Generic.Apply(op, x[xi]);
    }
}

/// <summary>z = op(a, b) over one run; a or b may have stride 0 (broadcast).</summary>
internal readonly struct BinaryRun<TOp, T>(TOp op, T[] a, T[] b, T[] z) : IRunKernel
    where TOp : struct, IBinaryFunctor where T : unmanaged, IFloatingPointIeee754<T>
{
    public void Run(ReadOnlySpan<int> o, ReadOnlySpan<int> s, int n)
    {
        if (s[2] == 1 && (s[0] == 1 || s[0] == 0) && (s[1] == 1 || s[1] == 0))
        {
            var dst = new Span<T>(z, o[2], n);
            if (VectorPaths.TryBinary<TOp, T>(a, o[0], s[0], b, o[1], s[1], dst)) return;
        }
        int ai = o[0], bi = o[1], zi = o[2];
        for (int i = 0; i < n; i++, ai += s[0], bi += s[1], zi += s[2]) z[zi] = Generic.Apply(op, a[ai], b[bi]);
    }
}

/// <summary>z = c ≠ 0 ? a : b over one run.</summary>
internal readonly struct WhereRun<T>(T[] c, T[] a, T[] b, T[] z) : IRunKernel where T : unmanaged, IFloatingPointIeee754<T>
{
    public void Run(ReadOnlySpan<int> o, ReadOnlySpan<int> s, int n)
    {
        int ci = o[0], ai = o[1], bi = o[2], zi = o[3];
        for (int i = 0; i < n; i++, ci += s[0], ai += s[1], bi += s[2], zi += s[3])
            z[zi] = c[ci] != T.Zero ? a[ai] : b[bi];
    }
}

/// <summary>dst = (TDst)src over one run: copies, casts between dtypes.</summary>
internal readonly struct CopyRun<TSrc, TDst>(TSrc[] src, TDst[] dst) : IRunKernel
{
    public void Run(ReadOnlySpan<int> o, ReadOnlySpan<int> s, int n)
    {
        if (typeof(TSrc) == typeof(TDst) && s[0] == 1 && s[1] == 1)
        {
            // A typed span copy: Array.Copy's type checks cost more than a short run (a window's 6 channels).
            new ReadOnlySpan<TSrc>(src, o[0], n).CopyTo(new Span<TSrc>(System.Runtime.CompilerServices.Unsafe.As<TSrc[]>(dst), o[1], n));
            return;
        }
        int si = o[0], di = o[1];
        for (int i = 0; i < n; i++, si += s[0], di += s[1])
            dst[di] = typeof(TSrc) == typeof(TDst) ? (TDst)(object)src[si]! : Generic.Convert<TSrc, TDst>(src[si]);
    }
}

/// <summary>dst = value over one run.</summary>
internal readonly struct FillRun<T>(T[] dst, T value) : IRunKernel
{
    public void Run(ReadOnlySpan<int> o, ReadOnlySpan<int> s, int n)
    {
        if (s[0] == 1) { Array.Fill(dst, value, o[0], n); return; }
        for (int i = 0, di = o[0]; i < n; i++, di += s[0]) dst[di] = value;
    }
}
