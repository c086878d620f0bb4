namespace Engine.Autodiff;

/// <summary>
/// Reverse mode. Gradients are computed by walking the recorded graph from the outputs back to the
/// requested inputs, calling each op's <see cref="Op.Backward"/>. With <c>createGraph</c> the
/// backward pass is itself recorded, so its results can be differentiated again (Hessian-vector
/// products, the mixed derivative d/dθ ‖∇ₓρθ − target‖²). Only the part of the graph that leads to a
/// requested input is visited, and each op is told which input cotangents are needed.
/// </summary>
public static class Autograd
{
    /// <summary>Stops recording for the lifetime of the returned scope (parameter updates, sampling).</summary>
    public static IDisposable NoGrad() => GradMode.Pause();

    /// <summary>Turns recording back on inside a NoGrad region (as torch.enable_grad), for the lifetime of the returned scope.</summary>
    public static IDisposable EnableGrad() => GradMode.Resume();

    /// <summary>Whether ops are currently recorded for reverse mode on this thread.</summary>
    public static bool IsRecording => GradMode.IsRecording;

    /// <summary>∂output/∂inputs contracted with <paramref name="gradOutput"/> (default: ones).</summary>
    /// <param name="allowUnused">When false, an input the output does not depend on is an error; when true it gets zeros.</param>
    public static Tensor[] Grad(Tensor output, Tensor[] inputs, Tensor? gradOutput = null, bool createGraph = false, bool allowUnused = false) =>
        Grad([output], inputs, gradOutput == null ? null : [gradOutput], createGraph, allowUnused);

    /// <summary>Σₖ (∂outputₖ/∂inputs)ᵀ gradOutputₖ for several outputs at once.</summary>
    public static Tensor[] Grad(Tensor[] outputs, Tensor[] inputs, Tensor?[]? gradOutputs, bool createGraph = false, bool allowUnused = false)
    {
        for (int i = 0; i < inputs.Length; i++)
            if (!inputs[i].RequiresGradient)
                throw new ArgumentException($"grad: input {i} (shape {ShapeUtil.Format(inputs[i].Dims)}) does not require grad; call RequiresGrad() on it before computing the output");
        var grads = Run(outputs, gradOutputs, inputs, createGraph);
        var result = new Tensor[inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            if (grads.TryGetValue(inputs[i], out var g)) result[i] = g;
            else if (allowUnused) result[i] = inputs[i].ZerosLike();
            else throw new InvalidOperationException($"grad: the output does not depend on input {i} (shape {ShapeUtil.Format(inputs[i].Dims)}); pass allowUnused: true to get zeros");
        }
        return result;
    }

    /// <summary>Accumulates ∂output/∂leaf into <see cref="Tensor.Grad"/> of every leaf that requires grad.</summary>
    internal static void Backward(Tensor output, Tensor? gradOutput, bool createGraph)
    {
        var leaves = new List<Tensor>();
        foreach (var t in TopologicalOrder([output]))
            if (t.GradFn == null && t.RequiresGradient) leaves.Add(t);
        var grads = Run([output], gradOutput == null ? null : [gradOutput], leaves.ToArray(), createGraph);
        using var _ = createGraph ? GradMode.Resume() : GradMode.Pause();
        foreach (var leaf in leaves)
        {
            if (!grads.TryGetValue(leaf, out var g)) continue;
            if (!createGraph) g = g.Detach();
            leaf.Grad = leaf.Grad == null ? g : leaf.Grad + g;
        }
    }

    private static Dictionary<Tensor, Tensor> Run(Tensor[] outputs, Tensor?[]? seeds, Tensor[] targets, bool createGraph)
    {
        if (Op.Profile == null) return RunCore(outputs, seeds, targets, createGraph);
        long start = Op.Clock();
        var result = RunCore(outputs, seeds, targets, createGraph);
        Op.Profile("(backward pass, ops included)", Op.Clock() - start);
        return result;
    }

    private static Dictionary<Tensor, Tensor> RunCore(Tensor[] outputs, Tensor?[]? seeds, Tensor[] targets, bool createGraph)
    {
        var order = TopologicalOrder(outputs);
        var targetSet = new HashSet<Tensor>(targets, ReferenceEqualityComparer.Instance);
        var needed = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var t in order)
        {
            bool need = targetSet.Contains(t);
            if (!need && t.GradFn != null)
                foreach (var input in t.GradFn.Inputs)
                    if (needed.Contains(input)) { need = true; break; }
            if (need) needed.Add(t);
        }

        var grads = new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance);
        using var _ = createGraph ? GradMode.Resume() : GradMode.Pause();
        for (int i = 0; i < outputs.Length; i++)
        {
            var seed = seeds?[i];
            if (seed == null)
            {
                seed = outputs[i].OnesLike();
            }
            else if (!ShapeUtil.SameShape(seed.Dims, outputs[i].Dims))
            {
                throw new ArgumentException($"grad: gradOutput {i} has shape {ShapeUtil.Format(seed.Dims)} but output {i} has shape {ShapeUtil.Format(outputs[i].Dims)}");
            }
            Accumulate(grads, outputs[i], seed);
        }

        for (int i = order.Count - 1; i >= 0; i--)
        {
            var t = order[i];
            var node = t.GradFn;
            if (node == null || !needed.Contains(t) || !grads.TryGetValue(t, out var gy)) continue;
            var inputs = node.Inputs;
            var needs = new bool[inputs.Length];
            bool any = false;
            for (int k = 0; k < inputs.Length; k++) any |= needs[k] = inputs[k].RequiresGradient && needed.Contains(inputs[k]);
            if (!any) continue;
            var gx = node.Op.Backward(gy, inputs, t, needs);
            for (int k = 0; k < inputs.Length; k++)
            {
                if (!needs[k] || gx[k] is not { } g) continue;
                if (!ShapeUtil.SameShape(g.Dims, inputs[k].Dims))
                    throw new InvalidOperationException($"{node.Op.Name}: backward produced a cotangent of shape {ShapeUtil.Format(g.Dims)} for input {k} of shape {ShapeUtil.Format(inputs[k].Dims)}");
                Accumulate(grads, inputs[k], g);
            }
            // Intermediate cotangents are dropped as soon as they are consumed (targets keep theirs).
            if (!targetSet.Contains(t)) grads.Remove(t);
        }
        return grads;
    }

    private static void Accumulate(Dictionary<Tensor, Tensor> grads, Tensor key, Tensor g)
    {
        grads[key] = grads.TryGetValue(key, out var existing) ? existing + g : g;
    }

    /// <summary>Tensors reachable from the outputs through recorded nodes, inputs before their users.</summary>
    internal static List<Tensor> TopologicalOrder(Tensor[] outputs)
    {
        var order = new List<Tensor>();
        var visited = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Tensor T, int Next)>();
        foreach (var root in outputs)
        {
            if (!root.RequiresGradient || !visited.Add(root)) continue;
            stack.Push((root, 0));
            while (stack.Count > 0)
            {
                var (t, next) = stack.Pop();
                var inputs = t.GradFn?.Inputs;
                if (inputs != null && next < inputs.Length)
                {
                    stack.Push((t, next + 1));
                    var child = inputs[next];
                    if (child.RequiresGradient && visited.Add(child)) stack.Push((child, 0));
                    continue;
                }
                order.Add(t);
            }
        }
        return order;
    }
}
