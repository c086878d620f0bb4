using System.Runtime.CompilerServices;
using Engine.Kernels.Scalar;

namespace Engine.Backends.Cpu;

/// <summary>
/// Calls a scalar functor at the element type T (float or double), and converts elements between dtypes.
/// The type tests are JIT-time constants in each generic instantiation, so no boxing or branching remains
/// in the loops.
/// </summary>
internal static class Generic
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Apply<TOp, T>(TOp op, T x) where TOp : struct, IUnaryFunctor
    {
        if (typeof(T) == typeof(float)) { float r = op.Apply(Unsafe.As<T, float>(ref x)); return Unsafe.As<float, T>(ref r); }
        double d = op.Apply(Unsafe.As<T, double>(ref x));
        return Unsafe.As<double, T>(ref d);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Apply<TOp, T>(TOp op, T a, T b) where TOp : struct, IBinaryFunctor
    {
        if (typeof(T) == typeof(float)) { float r = op.Apply(Unsafe.As<T, float>(ref a), Unsafe.As<T, float>(ref b)); return Unsafe.As<float, T>(ref r); }
        double d = op.Apply(Unsafe.As<T, double>(ref a), Unsafe.As<T, double>(ref b));
        return Unsafe.As<double, T>(ref d);
    }

    /// <summary>
    /// One element of a cast between float, double, int and long. Float to float rounds to nearest; an
    /// integer to a float rounds to nearest once (long → float directly, not through double); a float to an
    /// integer truncates toward zero; anything out of the target integer's range (NaN included) throws
    /// <see cref="OverflowException"/>, so no cast wraps silently.
    /// </summary>
    public static TDst Convert<TSrc, TDst>(TSrc v)
    {
        if (typeof(TSrc) == typeof(long))
        {
            long l = Unsafe.As<TSrc, long>(ref v);
            if (typeof(TDst) == typeof(float)) { float f = l; return Unsafe.As<float, TDst>(ref f); }
            if (typeof(TDst) == typeof(double)) { double d = l; return Unsafe.As<double, TDst>(ref d); }
            if (typeof(TDst) == typeof(int)) { int i = checked((int)l); return Unsafe.As<int, TDst>(ref i); }
            return Unsafe.As<long, TDst>(ref l);
        }
        if (typeof(TDst) == typeof(long))
        {
            long l = typeof(TSrc) == typeof(int) ? Unsafe.As<TSrc, int>(ref v) : checked((long)ToDouble(v));
            return Unsafe.As<long, TDst>(ref l);
        }
        return FromDouble<TDst>(ToDouble(v));
    }

    // float, double and int all convert through double exactly (float and int are subsets of it), so one
    // rounding at most happens, in FromDouble.
    private static T FromDouble<T>(double v)
    {
        if (typeof(T) == typeof(float)) { float f = (float)v; return Unsafe.As<float, T>(ref f); }
        if (typeof(T) == typeof(double)) return Unsafe.As<double, T>(ref v);
        int i = checked((int)v);
        return Unsafe.As<int, T>(ref i);
    }

    private static double ToDouble<T>(T v)
    {
        if (typeof(T) == typeof(float)) return Unsafe.As<T, float>(ref v);
        if (typeof(T) == typeof(double)) return Unsafe.As<T, double>(ref v);
        return Unsafe.As<T, int>(ref v);
    }
}
