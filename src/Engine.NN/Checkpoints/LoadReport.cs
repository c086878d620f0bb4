namespace Engine.NN;

/// <summary>A name whose value did not have its parameter's shape.</summary>
/// <param name="Name">The parameter name (after renaming).</param>
/// <param name="Expected">The parameter's shape.</param>
/// <param name="Found">The value's shape.</param>
public sealed record ShapeMismatch(string Name, int[] Expected, int[] Found)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Name}: expected {ShapeFormat.Of(Expected)}, found {ShapeFormat.Of(Found)}";
}

/// <summary>
/// What a state-dictionary load did: the parameters it set, those it left (missing from the dictionary),
/// the dictionary's names no parameter has (unexpected), and the names skipped for a shape mismatch.
/// All names are parameter names, i.e. after <see cref="LoadOptions.Rename"/>.
/// </summary>
public sealed record LoadReport(
    IReadOnlyList<string> Loaded,
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> Unexpected,
    IReadOnlyList<ShapeMismatch> ShapeMismatches)
{
    /// <summary>True when every parameter was loaded and nothing was left over.</summary>
    public bool IsExact => Missing.Count == 0 && Unexpected.Count == 0 && ShapeMismatches.Count == 0;

    /// <summary>One line per non-empty category, for logs and error messages.</summary>
    public override string ToString()
    {
        var parts = new List<string> { $"{Loaded.Count} loaded" };
        if (Missing.Count > 0) parts.Add($"missing [{string.Join(", ", Missing)}]");
        if (Unexpected.Count > 0) parts.Add($"unexpected [{string.Join(", ", Unexpected)}]");
        if (ShapeMismatches.Count > 0) parts.Add($"shape mismatches [{string.Join("; ", ShapeMismatches)}]");
        return string.Join(", ", parts);
    }
}
