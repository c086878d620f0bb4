using Engine.Autodiff;

namespace Engine.Testing;

/// <summary>
/// Derivative checks in float64 against central finite differences along random directions:
/// the VJP by the inner-product identity ⟨J·v, u⟩ = ⟨v, Jᵀ·u⟩, the JVP elementwise, and the second
/// order by applying the same checks to x ↦ Jᵀ(x)·u (a recorded backward pass).
/// </summary>
public static class GradCheck
{
    public const double Epsilon = 1e-5;

    /// <summary>Runs every check on <paramref name="f"/> at <paramref name="inputs"/>; throws with a description on failure.</summary>
    public static void Check(string name, Func<Tensor[], Tensor> f, Tensor[] inputs, Generator g, double tolerance = 1e-6, bool secondOrder = true)
    {
        var directions = inputs.Select(x => Tensor.RandN(g, x.Shape, DType.Float64)).ToArray();
        var y = f(inputs);
        var u = Tensor.RandN(g, y.Shape, DType.Float64);

        // Reverse mode: ⟨J·v, u⟩ by finite differences equals ⟨v, Jᵀ·u⟩ by the VJP.
        var jv = FiniteDifference(f, inputs, directions);
        var vjp = Vjp(f, inputs, u, createGraph: false);
        double lhs = Tensor.Dot(jv, u).Item();
        double rhs = 0;
        for (int i = 0; i < inputs.Length; i++) rhs += Tensor.Dot(vjp[i], directions[i]).Item();
        Assert(name, "vjp", lhs, rhs, tolerance);

        // Forward mode: the JVP equals the finite difference elementwise.
        var (value, tangent) = ForwardAD.Jvp(f, inputs, directions);
        AssertClose(name, "jvp value", y, value, 1e-12);
        AssertClose(name, "jvp", jv, tangent, tolerance);

        if (!secondOrder) return;
        // Second order: the VJP as a function of the inputs, checked the same two ways.
        Tensor SecondOrder(Tensor[] xs)
        {
            var parts = Vjp(f, xs, u, createGraph: true);
            return Tensor.Concat(parts.Select(p => p.Reshape(-1)).ToArray(), 0);
        }
        var w = Tensor.RandN(g, SecondOrder(inputs).Shape, DType.Float64);
        var jv2 = FiniteDifference(SecondOrder, inputs, directions);
        var vjp2 = Vjp(SecondOrder, inputs, w, createGraph: false);
        double lhs2 = Tensor.Dot(jv2, w).Item();
        double rhs2 = 0;
        for (int i = 0; i < inputs.Length; i++) rhs2 += Tensor.Dot(vjp2[i], directions[i]).Item();
        Assert(name, "second-order vjp (reverse over reverse)", lhs2, rhs2, tolerance * 10);
        var (_, tangent2) = ForwardAD.Jvp(SecondOrder, inputs, directions);
        AssertClose(name, "second-order jvp (forward over reverse)", jv2, tangent2, tolerance * 10);
    }

    /// <summary>Jᵀ·u for each input (zeros for inputs the output does not depend on).</summary>
    public static Tensor[] Vjp(Func<Tensor[], Tensor> f, Tensor[] inputs, Tensor u, bool createGraph)
    {
        // Inputs that already require grad stay in the caller's graph, so a VJP nested inside another
        // derivative (the second-order checks) remains differentiable with respect to them.
        var leaves = inputs.Select(x => x.RequiresGradient ? x : x.Detach().RequiresGrad()).ToArray();
        var y = f(leaves);
        return Autograd.Grad([y], leaves, [u], createGraph: createGraph, allowUnused: true);
    }

    /// <summary>(f(x + εv) − f(x − εv)) / 2ε at detached points (f may itself take gradients inside).</summary>
    public static Tensor FiniteDifference(Func<Tensor[], Tensor> f, Tensor[] inputs, Tensor[] directions, double eps = Epsilon)
    {
        var plus = f(inputs.Select((x, i) => x.Detach() + directions[i] * eps).ToArray());
        var minus = f(inputs.Select((x, i) => x.Detach() - directions[i] * eps).ToArray());
        return ((plus - minus) / (2 * eps)).Detach();
    }

    public static void AssertClose(string name, string what, Tensor expected, Tensor actual, double tolerance)
    {
        if (!expected.Shape.SequenceEqual(actual.Shape))
            throw new GradCheckException($"{name}: {what}: shapes differ, expected {ShapeUtil.Format(expected.Shape)}, got {ShapeUtil.Format(actual.Shape)}");
        var e = expected.ToArrayDouble();
        var a = actual.ToArrayDouble();
        double scale = 1 + e.Select(Math.Abs).DefaultIfEmpty(0).Max();
        for (int i = 0; i < e.Length; i++)
            if (!(Math.Abs(e[i] - a[i]) <= tolerance * scale))
                throw new GradCheckException($"{name}: {what}: element {i}: expected {e[i]:G10}, got {a[i]:G10} (tolerance {tolerance * scale:G3})");
    }

    private static void Assert(string name, string what, double expected, double actual, double tolerance)
    {
        if (!(Math.Abs(expected - actual) <= tolerance * (1 + Math.Abs(expected) + Math.Abs(actual))))
            throw new GradCheckException($"{name}: {what}: finite differences give {expected:G12}, autodiff gives {actual:G12}");
    }
}

public sealed class GradCheckException(string message) : Exception(message);
