using Engine.Backends;

namespace Engine.NN;

/// <summary>
/// A node of a network: named parameters and named child modules, in registration order. State names
/// are the dotted paths PyTorch's state_dict uses for the same architecture (e.g.
/// <c>downs.0.0.blocks.0.block.0.weight</c>), so weights move between the two by name.
/// </summary>
public abstract partial class Module
{
    private readonly List<KeyValuePair<string, Parameter?>> _parameters = [];
    private readonly List<KeyValuePair<string, Module>> _children = [];

    /// <summary>Training mode (true after construction): affects Dropout only in this library.</summary>
    public bool Training { get; private set; } = true;

    /// <summary>Registers a parameter under <paramref name="name"/>; a null value reserves the name (e.g. bias=False).</summary>
    protected Parameter? RegisterParameter(string name, Tensor? value)
    {
        CheckName(name);
        var p = value == null ? null : new Parameter(value);
        _parameters.Add(new(name, p));
        return p;
    }

    /// <summary>Registers a child module under <paramref name="name"/> and returns it.</summary>
    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        CheckName(name);
        _children.Add(new(name, module));
        return module;
    }

    private void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.'))
            throw new ArgumentException($"{GetType().Name}: invalid state name '{name}' (non-empty, no dots)");
        if (_parameters.Any(p => p.Key == name) || _children.Any(c => c.Key == name))
            throw new ArgumentException($"{GetType().Name}: state name '{name}' registered twice");
    }

    /// <summary>Direct children in registration order.</summary>
    public IEnumerable<KeyValuePair<string, Module>> NamedChildren() => _children;

    /// <summary>All parameters of this module and its descendants with their dotted names, depth first in registration order (as PyTorch).</summary>
    public IEnumerable<(string Name, Parameter Parameter)> NamedParameters(string prefix = "")
    {
        foreach (var (name, p) in _parameters)
            if (p != null) yield return (prefix + name, p);
        foreach (var (name, child) in _children)
            foreach (var item in child.NamedParameters(prefix + name + "."))
                yield return item;
    }

    /// <summary>All parameters, in <see cref="NamedParameters"/> order.</summary>
    public IEnumerable<Parameter> Parameters() => NamedParameters().Select(p => p.Parameter);

    /// <summary>Total number of scalar parameters.</summary>
    public long ParameterCount() => Parameters().Sum(p => p.Value.Numel);

    /// <summary>Name → current value (the tensors themselves, not copies: they are immutable).</summary>
    public Dictionary<string, Tensor> StateDict() => NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.Value.Detach());

    /// <summary>Copies every parameter value from a module of the same architecture.</summary>
    public void CopyFrom(Module source) => LoadStateDict(source.StateDict());

    /// <summary>Sets training mode on this module and all descendants.</summary>
    public Module Train(bool training = true)
    {
        Training = training;
        foreach (var (_, c) in _children) c.Train(training);
        return this;
    }

    /// <summary>Evaluation mode: <see cref="Train"/>(false).</summary>
    public Module Eval() => Train(false);

    /// <summary>Moves every parameter to <paramref name="backend"/> (gradients are dropped).</summary>
    public Module To(IBackend backend)
    {
        foreach (var p in Parameters()) p.Value = p.Value.Detach().To(backend);
        return this;
    }

    /// <summary>Casts every parameter to <paramref name="dtype"/> (float32 or float64; gradients are dropped).</summary>
    public Module To(DType dtype)
    {
        if (!dtype.IsFloat()) throw new ArgumentException($"{GetType().Name}.To: parameters must be float32 or float64, not {dtype}");
        foreach (var p in Parameters()) p.Value = p.Value.Detach().Cast(dtype);
        return this;
    }

    /// <summary>Clears the gradients of all parameters.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters()) p.Grad = null;
    }

    /// <summary>
    /// Runs <paramref name="body"/> with the parameters temporarily replaced by <paramref name="values"/>
    /// (in <see cref="NamedParameters"/> order) and restores them afterwards. This is the functional view
    /// of a module used by gradient checks and meta-gradients: the result is differentiable in the values.
    /// </summary>
    public T WithParameters<T>(Tensor[] values, Func<T> body)
    {
        var ps = Parameters().ToArray();
        if (values.Length != ps.Length)
            throw new ArgumentException($"{GetType().Name}.WithParameters: {values.Length} values for {ps.Length} parameters");
        var saved = ps.Select(p => p.Value).ToArray();
        for (int i = 0; i < ps.Length; i++)
        {
            if (!values[i].Shape.SequenceEqual(ps[i].Shape))
                throw new ArgumentException($"{GetType().Name}.WithParameters: value {i} has shape {ShapeFormat.Of(values[i])}, parameter has {ShapeFormat.Of(ps[i].Shape)}");
            ps[i].SwapRaw(values[i]);
        }
        try { return body(); }
        finally { for (int i = 0; i < ps.Length; i++) ps[i].SwapRaw(saved[i]); }
    }
}
