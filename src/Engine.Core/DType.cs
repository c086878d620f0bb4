namespace Engine;

/// <summary>Element types. Float32 and Float64 carry values and gradients; Int32 carries indices.</summary>
public enum DType
{
    /// <summary>32-bit IEEE float (System.Single).</summary>
    Float32,
    /// <summary>64-bit IEEE float (System.Double).</summary>
    Float64,
    /// <summary>32-bit signed integer: indices and masks; not differentiable.</summary>
    Int32,
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
        _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
    };

    /// <summary>Whether the dtype carries values and gradients (float32 or float64).</summary>
    public static bool IsFloat(this DType dtype) => dtype is DType.Float32 or DType.Float64;

    internal static string Name(this DType dtype) => dtype switch
    {
        DType.Float32 => "float32",
        DType.Float64 => "float64",
        _ => "int32",
    };
}
