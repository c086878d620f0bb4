namespace Engine;

/// <summary>
/// Element types. Float32 and Float64 carry values and gradients; Int32 carries indices; Int64 holds
/// PyTorch's integer state (step counters, <c>num_batches_tracked</c>, timesteps) exactly. Integer tensors
/// are stored, viewed, indexed, copied and cast, never differentiated or computed on.
/// </summary>
public enum DType
{
    /// <summary>32-bit IEEE float (System.Single).</summary>
    Float32,
    /// <summary>64-bit IEEE float (System.Double).</summary>
    Float64,
    /// <summary>32-bit signed integer: indices and masks; not differentiable.</summary>
    Int32,
    /// <summary>64-bit signed integer (System.Int64): PyTorch's default integer type; not differentiable.</summary>
    Int64,
}

/// <summary>Size and kind of a <see cref="DType"/>.</summary>
public static class DTypeExtensions
{
    /// <summary>Bytes per element.</summary>
    public static int SizeInBytes(this DType dtype) => dtype switch
    {
        DType.Float32 => 4,
        DType.Float64 => 8,
        DType.Int32 => 4,
        DType.Int64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
    };

    /// <summary>The .NET element type of host arrays of this dtype (float, double, int, long).</summary>
    public static Type ElementType(this DType dtype) => dtype switch
    {
        DType.Float32 => typeof(float),
        DType.Float64 => typeof(double),
        DType.Int32 => typeof(int),
        DType.Int64 => typeof(long),
        _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
    };

    /// <summary>Whether the dtype carries values and gradients (float32 or float64).</summary>
    public static bool IsFloat(this DType dtype) => dtype is DType.Float32 or DType.Float64;

    internal static string Name(this DType dtype) => dtype switch
    {
        DType.Float32 => "float32",
        DType.Float64 => "float64",
        DType.Int32 => "int32",
        DType.Int64 => "int64",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
    };
}
