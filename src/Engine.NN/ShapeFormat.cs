namespace Engine.NN;

/// <summary>Shape formatting for error messages of the NN layer: "[2, 3, 4]".</summary>
public static class ShapeFormat
{
    public static string Of(int[] shape) => "[" + string.Join(", ", shape) + "]";
    public static string Of(Tensor t) => Of(t.Shape);
}
