namespace Engine.NN;

/// <summary>
/// How <see cref="Module.LoadStateDict(IReadOnlyDictionary{string, Tensor}, LoadOptions)"/> matches a state
/// dictionary to a module's parameters. The default (<see cref="Strict"/>) is exact: every parameter present,
/// no extra names, equal shapes, equal dtypes.
/// </summary>
public sealed record LoadOptions
{
    /// <summary>Exact loading: any missing, unexpected or shape-mismatched name is an error.</summary>
    public static LoadOptions Strict { get; } = new();

    /// <summary>
    /// Lenient loading, as PyTorch's <c>load_state_dict(strict=False)</c>: missing parameters keep their values,
    /// unexpected names are ignored and shape-mismatched ones skipped; all three are listed in the
    /// returned <see cref="LoadReport"/>.
    /// </summary>
    public static LoadOptions NonStrict { get; } = new() { RequireExactNames = false };

    /// <summary>When true (default), a missing, unexpected or shape-mismatched name is an error.</summary>
    public bool RequireExactNames { get; init; } = true;

    /// <summary>
    /// When false (default), a value whose dtype differs from its parameter's is an error; when true it is
    /// converted to the parameter's dtype (float64 → float32 loses precision).
    /// </summary>
    public bool AllowCast { get; init; }

    /// <summary>
    /// Renames applied to the dictionary's names before matching: file name → parameter name (e.g.
    /// <c>"model.final.weight" → "final_conv.1.weight"</c>). Names not in the map are kept.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Rename { get; init; }
}
