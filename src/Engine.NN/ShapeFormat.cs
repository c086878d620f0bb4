namespace Engine.NN;

/// <summary>Shape formatting for error messages of the NN layer: "[2, 3, 4]".</summary>
public static class ShapeFormat
{
    /// <summary>"[2, 3, 4]".</summary>
    public static string Of(int[] shape) => "[" + string.Join(", ", shape) + "]";
    /// <summary>The tensor's shape as "[2, 3, 4]".</summary>
    public static string Of(Tensor t) => Of(t.Shape);
}
