using Engine.Autodiff;

namespace Engine.NN;

public abstract partial class Module
{
    /// <summary>
    /// Loads values by name, exactly (<see cref="LoadOptions.Strict"/>) or leniently: with
    /// <paramref name="strict"/> false, missing, unexpected and shape-mismatched names are reported instead of
    /// raised. A dtype mismatch is always an error (use the <see cref="LoadOptions"/> overload with
    /// <see cref="LoadOptions.AllowCast"/> to convert). Values move to the parameter's backend.
    /// </summary>
    /// <returns>What was loaded, missing, unexpected and skipped.</returns>
    /// <exception cref="InvalidDataException">A name or shape mismatch under strict loading, or a dtype mismatch.</exception>
    public LoadReport LoadStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict = true) =>
        LoadStateDict(state, strict ? LoadOptions.Strict : LoadOptions.NonStrict);

    /// <summary>
    /// Loads values by name as <paramref name="options"/> says: names are renamed first, then matched to
    /// <see cref="NamedParameters"/>. Nothing changes unless the whole load is valid: every check runs before
    /// the first parameter is set.
    /// </summary>
    /// <returns>What was loaded, missing, unexpected and skipped.</returns>
    /// <exception cref="InvalidDataException">A name or shape mismatch under strict loading, a dtype mismatch
    /// without <see cref="LoadOptions.AllowCast"/>, or two names renamed to the same parameter.</exception>
    public LoadReport LoadStateDict(IReadOnlyDictionary<string, Tensor> state, LoadOptions options)
    {
        string who = $"{GetType().Name}.LoadStateDict";
        var renamed = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (key, value) in state)
        {
            string name = options.Rename != null && options.Rename.TryGetValue(key, out var to) ? to : key;
            if (!renamed.TryAdd(name, value))
                throw new InvalidDataException($"{who}: two entries are renamed to '{name}'");
        }

        var own = NamedParameters().ToList();
        var ownNames = own.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var missing = own.Select(p => p.Name).Where(n => !renamed.ContainsKey(n)).ToList();
        var unexpected = renamed.Keys.Where(k => !ownNames.Contains(k)).Order(StringComparer.Ordinal).ToList();
        var mismatched = new List<ShapeMismatch>();
        var toLoad = new List<(Parameter Parameter, string Name, Tensor Value)>();
        foreach (var (name, p) in own)
        {
            if (!renamed.TryGetValue(name, out var v)) continue;
            if (!v.Shape.SequenceEqual(p.Shape)) { mismatched.Add(new ShapeMismatch(name, p.Shape, v.Shape)); continue; }
            if (v.DType != p.Value.DType && !options.AllowCast)
                throw new InvalidDataException($"{who}: tensor '{name}' is {v.DType}, the parameter is {p.Value.DType}; " +
                    "convert the module (Module.To(dtype)) or load with LoadOptions { AllowCast = true }");
            toLoad.Add((p, name, v));
        }
        var report = new LoadReport(toLoad.Select(x => x.Name).ToList(), missing, unexpected, mismatched);
        if (options.RequireExactNames && !report.IsExact)
        {
            if (mismatched.Count > 0)
                throw new InvalidDataException($"{who}: " + string.Join("; ", mismatched.Select(m => $"tensor '{m.Name}' expected shape {ShapeFormat.Of(m.Expected)}, found {ShapeFormat.Of(m.Found)}")));
            throw new InvalidDataException($"{who}: missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", unexpected)}]");
        }
        using var _ = Autograd.NoGrad();
        foreach (var (p, _, v) in toLoad)
            p.Value = v.Detach().Cast(p.Value.DType).To(p.Value.Backend).Contiguous();
        return report;
    }
}
