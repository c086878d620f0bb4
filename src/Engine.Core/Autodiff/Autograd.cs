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
    /// <param name="output">The tensor differentiated (any shape).</param>
    /// <param name="inputs">The tensors to differentiate with respect to; each must require grad.</param>
    /// <param name="gradOutput">The cotangent: output's shape (default ones, i.e. the gradient of the sum).</param>
    /// <param name="createGraph">Record the backward pass so the results can be differentiated again.</param>
    /// <param name="allowUnused">When false, an input the output does not depend on is an error; when true it gets zeros.</param>
    /// <returns>One gradient per input, each of that input's shape.</returns>
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
        var order = TopologicalOrder([output]);
        var leaves = new List<Tensor>();
        foreach (var t in order)
            if (t.GradFn == null && t.RequiresGradient) leaves.Add(t);
        var grads = Run([output], gradOutput == null ? null : [gradOutput], leaves.ToArray(), createGraph, order);
        using var _ = createGraph ? GradMode.Resume() : GradMode.Pause();
        foreach (var leaf in leaves)
        {
            if (!grads.TryGetValue(leaf, out var g)) continue;
            if (!createGraph) g = g.Detach();
            leaf.Grad = leaf.Grad == null ? g : leaf.Grad + g;
        }
    }

    private static Dictionary<Tensor, Tensor> Run(Tensor[] outputs, Tensor?[]? seeds, Tensor[] targets, bool createGraph, List<Tensor>? order = null)
    {
        if (Op.Profile == null) return RunCore(outputs, seeds, targets, createGraph, order);
        long start = Op.Clock();
        var result = RunCore(outputs, seeds, targets, createGraph, order);
        Op.Profile("(backward pass, ops included)", Op.Clock() - start);
        return result;
    }

    /// <summary>
    /// The reverse sweep. Per-tensor state (needed, target, cotangent) lives in arrays indexed by the
    /// topological position, found through <see cref="GraphIndex"/>, so the per-node bookkeeping is
    /// array access rather than several hash lookups (W6's per-op overhead is mostly this).
    /// </summary>
    private static Dictionary<Tensor, Tensor> RunCore(Tensor[] outputs, Tensor?[]? seeds, Tensor[] targets, bool createGraph, List<Tensor>? order)
    {
        order ??= TopologicalOrder(outputs);
        var index = new GraphIndex(order);
        int count = order.Count;
        var isTarget = new bool[count];
        foreach (var t in targets)
        {
            int i = index.Of(t);
            if (i >= 0) isTarget[i] = true;
        }
        // needed[i]: a requested input is reachable from order[i] (inputs come before their users).
        var needed = new bool[count];
        for (int i = 0; i < count; i++)
        {
            bool need = isTarget[i];
            var node = order[i].GradFn;
            if (!need && node != null)
                foreach (var input in node.Inputs)
                {
                    if (!input.RequiresGradient) continue;
                    int j = index.Of(input);
                    if (j >= 0 && needed[j]) { need = true; break; }
                }
            needed[i] = need;
        }

        var grads = new Tensor?[count];
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
            // An output that does not require grad is not in the graph: nothing flows from it.
            int at = index.Of(outputs[i]);
            if (at >= 0) Accumulate(grads, at, seed);
        }

        for (int i = count - 1; i >= 0; i--)
        {
            var t = order[i];
            var node = t.GradFn;
            if (node == null || !needed[i] || grads[i] is not { } gy) continue;
            var inputs = node.Inputs;
            var needs = new bool[inputs.Length];
            bool any = false;
            for (int k = 0; k < inputs.Length; k++)
            {
                int j = inputs[k].RequiresGradient ? index.Of(inputs[k]) : -1;
                any |= needs[k] = j >= 0 && needed[j];
            }
            if (!any) continue;
            var gx = node.Op.Backward(gy, inputs, t, needs);
            for (int k = 0; k < inputs.Length; k++)
            {
                if (!needs[k] || gx[k] is not { } g) continue;
                if (!ShapeUtil.SameShape(g.Dims, inputs[k].Dims))
                    throw new InvalidOperationException($"{node.Op.Name}: backward produced a cotangent of shape {ShapeUtil.Format(g.Dims)} for input {k} of shape {ShapeUtil.Format(inputs[k].Dims)}");
                // The backward rule may have run a nested pass that moved slot hints: look up again.
                Accumulate(grads, index.Of(inputs[k]), g);
            }
            // Intermediate cotangents are dropped as soon as they are consumed (targets keep theirs).
            if (!isTarget[i]) grads[i] = null;
        }

        var result = new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var t in targets)
        {
            int i = index.Of(t);
            if (i >= 0 && grads[i] is { } g) result[t] = g;
        }
        return result;
    }

    private static void Accumulate(Tensor?[] grads, int at, Tensor g)
    {
        grads[at] = grads[at] is { } existing ? existing + g : g;
    }

    /// <summary>
    /// Position of a tensor in one pass's topological order. The slot hint a tensor carries is trusted
    /// only when the order holds that very tensor there; a hint overwritten by a nested pass (a
    /// composite rule differentiating its definition inside a backward rule) or by another thread falls
    /// back to a dictionary built on first need. So the answer is always exact.
    /// </summary>
    private sealed class GraphIndex(List<Tensor> order)
    {
        private Dictionary<Tensor, int>? _fallback;

        /// <summary>The index of <paramref name="t"/> in the order, or −1 when it is not in the graph.</summary>
        public int Of(Tensor t)
        {
            int s = t.AutogradSlot;
            if ((uint)s < (uint)order.Count && ReferenceEquals(order[s], t)) return s;
            if (_fallback == null)
            {
                _fallback = new Dictionary<Tensor, int>(order.Count, ReferenceEqualityComparer.Instance);
                for (int i = 0; i < order.Count; i++) _fallback[order[i]] = i;
            }
            return _fallback.TryGetValue(t, out var at) ? at : -1;
        }
    }

    private static long _sortNumber;

    /// <summary>
    /// Tensors reachable from the outputs through recorded nodes, inputs before their users. Visited
    /// marks are a per-sort number stored on the tensor (hashing every fresh tensor cost more than the
    /// rest of the sort). A sort running concurrently over shared tensors can overwrite those marks and
    /// make a tensor appear twice; that shows as a slot that does not point back at its position, and
    /// the sort is then redone with a private visited set.
    /// </summary>
    internal static List<Tensor> TopologicalOrder(Tensor[] outputs)
    {
        long number = Interlocked.Increment(ref _sortNumber);
        var order = Sort(outputs, t =>
        {
            if (t.AutogradVisit == number) return false;
            t.AutogradVisit = number;
            return true;
        });
        for (int i = 0; i < order.Count; i++)
            if (order[i].AutogradSlot != i)
            {
                var visited = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
                return Sort(outputs, visited.Add);
            }
        return order;
    }

    /// <summary>Iterative depth-first post-order; <paramref name="firstVisit"/> marks a tensor and says whether it was unmarked.</summary>
    private static List<Tensor> Sort(Tensor[] outputs, Func<Tensor, bool> firstVisit)
    {
        var order = new List<Tensor>();
        var stack = new Stack<(Tensor T, int Next)>();
        foreach (var root in outputs)
        {
            if (!root.RequiresGradient || !firstVisit(root)) continue;
            stack.Push((root, 0));
            while (stack.Count > 0)
            {
                var (t, next) = stack.Pop();
                var inputs = t.GradFn?.Inputs;
                if (inputs != null && next < inputs.Length)
                {
                    stack.Push((t, next + 1));
                    var child = inputs[next];
                    if (child.RequiresGradient && firstVisit(child)) stack.Push((child, 0));
                    continue;
                }
                t.AutogradSlot = order.Count;
                order.Add(t);
            }
        }
        return order;
    }
}
