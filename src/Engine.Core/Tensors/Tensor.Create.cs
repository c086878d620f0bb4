using Engine.Backends;
using Engine.Backends.Cpu;

namespace Engine;

public sealed partial class Tensor
{
    /// <summary>The backend new tensors are created on when none is given.</summary>
    public static IBackend DefaultBackend { get; set; } = CpuBackend.Instance;

    /// <summary>
    /// A float32 tensor holding a copy of <paramref name="data"/> with the given shape; no shape means 1-D
    /// [data.Length]. A 0-d tensor is <see cref="Scalar"/> or <see cref="FromHost"/> with shape [].
    /// </summary>
    public static Tensor FromArray(float[] data, params int[] shape) => FromHost(data, shape.Length == 0 ? null : shape, null);

    /// <inheritdoc cref="FromArray(float[], int[])"/>
    public static Tensor FromArray(double[] data, params int[] shape) => FromHost(data, shape.Length == 0 ? null : shape, null);

    /// <summary>An int32 tensor, e.g. indices for <see cref="IndexSelect"/>; no shape means 1-D [data.Length].</summary>
    public static Tensor FromArray(int[] data, params int[] shape) => FromHost(data, shape.Length == 0 ? null : shape, null);

    /// <summary>
    /// An int64 tensor (PyTorch's integer type: step counters, timesteps); every value is kept exactly,
    /// including those beyond 2⁵³ that a double cannot hold. No shape means 1-D [data.Length].
    /// </summary>
    public static Tensor FromArray(long[] data, params int[] shape) => FromHost(data, shape.Length == 0 ? null : shape, null);

    /// <summary>
    /// A tensor holding a copy of <paramref name="data"/> (float[], double[], int[] or long[]: the dtype follows) with
    /// exactly <paramref name="shape"/>: null means 1-D [data.Length], [] a 0-d tensor of one value.
    /// </summary>
    /// <param name="data">The values in row-major order; its length must equal the product of the shape.</param>
    /// <param name="shape">The dimensions, or null for 1-D.</param>
    /// <param name="backend">Where the tensor lives (default: <see cref="DefaultBackend"/>).</param>
    public static Tensor FromHost(Array data, int[]? shape, IBackend? backend)
    {
        shape ??= [data.Length];
        if (ShapeUtil.Numel(shape) != data.Length)
            throw new ArgumentException($"FromArray: {data.Length} values cannot fill shape {ShapeUtil.Format(shape)}");
        if (shape.Any(d => d < 0)) throw new ArgumentException($"FromArray: negative dimension in {ShapeUtil.Format(shape)}");
        return new Tensor((backend ?? DefaultBackend).FromHost(data), (int[])shape.Clone());
    }

    /// <summary>A 0-dimensional tensor.</summary>
    public static Tensor Scalar(double value, DType dtype = DType.Float64, IBackend? backend = null)
    {
        var t = Empty([], dtype, backend);
        t.Backend.Fill(t.View, value);
        return t;
    }

    /// <summary>An uninitialised-looking but in fact zero-filled contiguous tensor.</summary>
    public static Tensor Empty(int[] shape, DType dtype, IBackend? backend = null)
    {
        foreach (var d in shape)
            if (d < 0) throw new ArgumentException($"Empty: negative dimension in {ShapeUtil.Format(shape)}");
        return new Tensor((backend ?? DefaultBackend).Allocate(dtype, ShapeUtil.Numel(shape)), (int[])shape.Clone());
    }

    /// <summary>
    /// A contiguous tensor with unspecified contents, for op outputs that the backend overwrites
    /// completely: the CPU backend then reuses a pooled array without clearing it.
    /// </summary>
    internal static Tensor Uninitialized(int[] shape, DType dtype, IBackend backend) =>
        new(backend.AllocateUninitialized(dtype, ShapeUtil.Numel(shape)), (int[])shape.Clone());

    /// <summary>
    /// An uninitialised contiguous tensor of <paramref name="like"/>'s shape. Shape and stride arrays
    /// are never mutated once a tensor holds them, so a contiguous source's arrays are shared rather
    /// than copied and recomputed (two allocations per elementwise op, a visible part of W6's per-op cost).
    /// </summary>
    internal static Tensor UninitializedLike(Tensor like, DType dtype)
    {
        var storage = like.Backend.AllocateUninitialized(dtype, like.Numel);
        return like.Offset == 0 && like.IsContiguous
            ? new Tensor(storage, like.Dims, like.Strides, 0)
            : new Tensor(storage, (int[])like.Dims.Clone());
    }

    /// <summary>A zero-filled contiguous tensor.</summary>
    public static Tensor Zeros(int[] shape, DType dtype = DType.Float32, IBackend? backend = null) => Empty(shape, dtype, backend);

    /// <summary>A contiguous tensor filled with <paramref name="value"/>.</summary>
    public static Tensor Full(int[] shape, double value, DType dtype = DType.Float32, IBackend? backend = null)
    {
        var t = Empty(shape, dtype, backend);
        if (value != 0) t.Backend.Fill(t.View, value);
        return t;
    }

    /// <summary>A contiguous tensor of ones.</summary>
    public static Tensor Ones(int[] shape, DType dtype = DType.Float32, IBackend? backend = null) => Full(shape, 1, dtype, backend);

    /// <summary>0, 1, …, n − 1 as a 1-D [n] tensor of the given dtype.</summary>
    public static Tensor Arange(int n, DType dtype = DType.Float32, IBackend? backend = null) => dtype switch
    {
        DType.Float32 => FromHost(Enumerable.Range(0, n).Select(i => (float)i).ToArray(), [n], backend),
        DType.Float64 => FromHost(Enumerable.Range(0, n).Select(i => (double)i).ToArray(), [n], backend),
        DType.Int32 => FromHost(Enumerable.Range(0, n).ToArray(), [n], backend),
        DType.Int64 => FromHost(Enumerable.Range(0, n).Select(i => (long)i).ToArray(), [n], backend),
        _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
    };

    /// <summary>Zeros of this tensor's shape, dtype and backend.</summary>
    public Tensor ZerosLike() => Empty(Dims, DType, Backend);
    /// <summary>Ones of this tensor's shape, dtype and backend.</summary>
    public Tensor OnesLike() => Full(Dims, 1, DType, Backend);
    /// <summary><paramref name="value"/> everywhere, in this tensor's shape, dtype and backend.</summary>
    public Tensor FullLike(double value) => Full(Dims, value, DType, Backend);

    /// <summary>A contiguous copy of the values (no autodiff) as float[].</summary>
    public float[] ToArrayFloat() => ToArray<float>(DType.Float32);

    /// <summary>A contiguous copy of the values (no autodiff) as double[].</summary>
    public double[] ToArrayDouble() => ToArray<double>(DType.Float64);

    /// <summary>A contiguous copy of the values (no autodiff) as int[]; other dtypes are cast (a value outside int32 throws <see cref="OverflowException"/>).</summary>
    public int[] ToArrayInt() => ToArray<int>(DType.Int32);

    /// <summary>A contiguous copy of the values (no autodiff) as long[]; int64 values come back exactly.</summary>
    public long[] ToArrayLong() => ToArray<long>(DType.Int64);

    private T[] ToArray<T>(DType want)
    {
        ThrowIfDisposed("ToArray");
        var result = new T[Numel];
        var host = Storage.Backend.Allocate(want, Numel);
        Storage.Backend.Copy(View, View.Contiguous(host, Dims));
        Storage.Backend.ToHost(host, result);
        host.Dispose();
        return result;
    }

    /// <summary>The value of a one-element tensor (an int64 beyond 2⁵³ rounds: read it with <see cref="ToArrayLong"/>).</summary>
    public double Item()
    {
        if (Numel != 1) throw new InvalidOperationException($"Item: tensor of shape {ShapeUtil.Format(Dims)} has {Numel} elements, not 1");
        return ToArrayDouble()[0];
    }

    /// <summary>A copy on <paramref name="backend"/> (no autodiff history).</summary>
    public Tensor To(IBackend backend)
    {
        if (backend == Backend) return this;
        Array host = DType switch
        {
            DType.Float32 => ToArrayFloat(),
            DType.Float64 => ToArrayDouble(),
            DType.Int32 => ToArrayInt(),
            DType.Int64 => ToArrayLong(),
            _ => throw new ArgumentOutOfRangeException(nameof(backend), $"To: unsupported dtype {DType}"),
        };
        return FromHost(host, Dims, backend);
    }
}
