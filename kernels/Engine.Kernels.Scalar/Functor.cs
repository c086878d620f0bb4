namespace Engine.Kernels.Scalar;

// Scalar functors shared by every backend. The CPU backend calls them in its loops (the JIT inlines a
// struct's method per instantiation) and the ILGPU kernels are generic over them, so one definition
// fixes the value of an op everywhere. They are structs with instance methods (not static abstracts)
// because ILGPU compiles `default(TOp).Apply(x)` and parameterised functors carry state as fields.

/// <summary>y = f(x), elementwise.</summary>
public interface IUnaryFunctor
{
    /// <summary>f(x) in single precision.</summary>
    float Apply(float x);
    /// <summary>f(x) in double precision.</summary>
    double Apply(double x);
}

/// <summary>z = f(a, b), elementwise with broadcasting done by the caller.</summary>
public interface IBinaryFunctor
{
    /// <summary>f(a, b) in single precision.</summary>
    float Apply(float a, float b);
    /// <summary>f(a, b) in double precision.</summary>
    double Apply(double a, double b);
}
