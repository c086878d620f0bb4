namespace Engine.NN;

/// <summary>Module ⇄ safetensors with PyTorch state_dict names.</summary>
public static class Checkpoint
{
    /// <summary>Writes the module's parameters (atomically) under their state names, optionally with a prefix (e.g. "ema.").</summary>
    public static void Save(Module module, string path, IReadOnlyDictionary<string, string>? metadata = null) =>
        SafeTensors.Save(path, module.StateDict(), metadata);

    /// <summary>Writes several modules into one file, each under its prefix ("model.", "ema_model.").</summary>
    public static void Save(string path, IReadOnlyDictionary<string, Module> modules, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var all = new Dictionary<string, Tensor>();
        foreach (var (prefix, m) in modules)
            foreach (var (k, v) in m.StateDict()) all[prefix + k] = v;
        SafeTensors.Save(path, all, metadata);
    }

    /// <summary>
    /// Loads a file into <paramref name="module"/>: tensors whose name starts with <paramref name="prefix"/>
    /// (the prefix removed). With <paramref name="strict"/>, missing, unexpected or shape-mismatched names are
    /// errors naming the tensor and both shapes; without, they are returned in the report. A dtype mismatch is
    /// always an error here (see the <see cref="LoadOptions"/> overload). NaN or ±∞ weights are refused unless
    /// <paramref name="allowNonFinite"/>.
    /// </summary>
    public static LoadReport Load(Module module, string path, string prefix = "", bool strict = true, bool allowNonFinite = false) =>
        Load(module, path, strict ? LoadOptions.Strict : LoadOptions.NonStrict, prefix, allowNonFinite);

    /// <summary>
    /// Loads a file into <paramref name="module"/> as <paramref name="options"/> says (renames, strictness,
    /// casting), reading only tensors whose name starts with <paramref name="prefix"/> (the prefix removed
    /// before renaming). NaN or ±∞ weights are refused unless <paramref name="allowNonFinite"/>.
    /// </summary>
    /// <exception cref="Engine.IO.InputException">The file is malformed or the load is invalid; the message names the file.</exception>
    public static LoadReport Load(Module module, string path, LoadOptions options, string prefix = "", bool allowNonFinite = false)
    {
        var all = SafeTensors.Load(path, allowNonFinite);
        var mine = all.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value);
        try { return module.LoadStateDict(mine, options); }
        catch (InvalidDataException e) { throw new Engine.IO.InputException("checkpoint does not fit the model", Engine.IO.InputException.Location(path), e.Message, e); }
    }
}
