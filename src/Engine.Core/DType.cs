namespace Engine;

/// <summary>Element types. Float32 and Float64 carry values and gradients; Int32 carries indices.</summary>
public enum DType
{
    Float32,
    Float64,
    Int32,
}

public static class DTypeExtensions
{
    public static int SizeInBytes(this DType dtype) => dtype switch
    {
        DType.Float32 => 4,
        DType.Float64 => 8,
        DType.Int32 => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
    };

    public static bool IsFloat(this DType dtype) => dtype is DType.Float32 or DType.Float64;

    internal static string Name(this DType dtype) => dtype switch
    {
        DType.Float32 => "float32",
        DType.Float64 => "float64",
        _ => "int32",
    };
}
