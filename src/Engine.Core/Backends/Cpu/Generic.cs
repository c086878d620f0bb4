using System.Runtime.CompilerServices;
using Engine.Kernels.Scalar;

namespace Engine.Backends.Cpu;

/// <summary>
/// Calls a scalar functor at the element type T (float or double). The type tests are JIT-time
/// constants in each generic instantiation, so no boxing or branching remains in the loops.
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

    public static T FromDouble<T>(double v)
    {
        if (typeof(T) == typeof(float)) { float f = (float)v; return Unsafe.As<float, T>(ref f); }
        if (typeof(T) == typeof(double)) return Unsafe.As<double, T>(ref v);
        int i = checked((int)v);
        return Unsafe.As<int, T>(ref i);
    }

    public static double ToDouble<T>(T v)
    {
        if (typeof(T) == typeof(float)) return Unsafe.As<T, float>(ref v);
        if (typeof(T) == typeof(double)) return Unsafe.As<T, double>(ref v);
        return Unsafe.As<T, int>(ref v);
    }
}
