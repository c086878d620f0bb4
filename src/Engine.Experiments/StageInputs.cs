using System.Text.Json;
using Engine.IO;

namespace Engine.Experiments;

/// <summary>
/// The files a run stage reads — data files and upstream checkpoints — each under a role ("data: base",
/// "model: expert", …) with its SHA-256. A stage records them with what it writes (checkpoint metadata
/// <see cref="MetadataKey"/>, a rollouts file's <c>inputs</c>); when it later reuses what it wrote, every recorded
/// role whose file now hashes differently is refused with one line naming that file. A record without a role
/// (written before the role was added, or before inputs were recorded at all) has nothing to compare and passes.
/// </summary>
public sealed class StageInputs
{
    /// <summary>The checkpoint-metadata key under which <see cref="Encode"/>'s text is stored.</summary>
    public const string MetadataKey = "inputs";

    private sealed record Input(string File, string Sha256);

    private readonly SortedDictionary<string, (string Path, string Sha256)> _files = new(StringComparer.Ordinal);

    /// <summary>Adds a data file: checked against its <c>.sha256</c> sidecar first (<see cref="HashSidecar.Verify"/>).</summary>
    public StageInputs Data(string role, string path) => Add(role, path, HashSidecar.Verify(path));

    /// <summary>Adds an upstream checkpoint (or any other file that has no sidecar).</summary>
    public StageInputs File(string role, string path) => Add(role, path, ContentHash.Sha256(path));

    private StageInputs Add(string role, string path, string sha256)
    {
        _files[role] = (Path.GetFullPath(path), sha256);
        return this;
    }

    /// <summary>The roles and hashes as compact JSON: <c>{"role":{"file":"name","sha256":"…"}}</c>, roles in ordinal order.</summary>
    public string Encode() =>
        JsonSerializer.Serialize(_files.ToDictionary(kv => kv.Key, kv => new Input(Path.GetFileName(kv.Value.Path), kv.Value.Sha256)));

    /// <summary>
    /// Compares what <paramref name="owner"/> recorded (<see cref="Encode"/>'s text, or null when it recorded nothing)
    /// with the files as they are now.
    /// </summary>
    /// <exception cref="Engine.IO.InputException">A recorded input's file changed, or the record is unreadable; one line naming the file.</exception>
    public void Check(string? recorded, string owner)
    {
        if (recorded is null) return;
        Dictionary<string, Input?>? then;
        try { then = JsonSerializer.Deserialize<Dictionary<string, Input?>>(recorded); }
        catch (JsonException) { then = null; }
        if (then is null || then.Values.Any(v => v?.Sha256 is null))
            throw new Engine.IO.InputException("damaged input record", Engine.IO.InputException.Location(owner), $"its '{MetadataKey}' is not a map of roles to files and SHA-256 hashes; delete it to redo this stage");
        foreach (var (role, (path, now)) in _files)
        {
            if (!then.TryGetValue(role, out var was) || was!.Sha256 == now) continue;
            throw new Engine.IO.InputException("input changed", Engine.IO.InputException.Location(path), $"'{owner}' was made from {role} with SHA-256 {ContentHash.Short(was.Sha256)}, the file now has {ContentHash.Short(now)}; restore that file, or delete '{owner}' to redo this stage");
        }
    }
}
