using System.Text.Json;
using System.Text.Json.Serialization;
using Engine.IO;

namespace Engine.Envs.MuJoCo.Data;

/// <summary>
/// The JSON files of the data generators' checkpoints: written through a temporary file and a rename
/// (a crash leaves the previous state), read back with the path and the kind of file named in errors.
/// Doubles are written in their shortest round-trip form, so a resumed run continues bit-exactly.
/// </summary>
internal static class CheckpointFile
{
    private static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = false,
        RespectNullableAnnotations = true, // a null member is refused with its path
        RespectRequiredConstructorParameters = true, // so is a missing one
    };

    public static void Save<T>(T value, string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        Engine.IO.DurableFile.WriteAllBytes(full, JsonSerializer.SerializeToUtf8Bytes(value, Json)); // unique temporary, fsync, rename
    }

    /// <param name="path">The JSON file to read.</param>
    /// <param name="kind">What the file should be, for messages ("ARS checkpoint").</param>
    /// <remarks>
    /// Malformed JSON, nulls and missing members, null list elements included, are <see cref="InputException"/>s
    /// naming the file and the member by its JSON path; so is a constructor's own check (e.g. a policy's weight count).
    /// </remarks>
    public static T Read<T>(string path, string kind) where T : class
    {
        T value = DamagedFile.Guard(Corrupt(kind), path, () => JsonSerializer.Deserialize<T>(File.ReadAllBytes(path), Json)
            ?? throw new InputException(Corrupt(kind), InputException.Location(path, "$"), "is null; expected an object"));
        if (JsonNullElements.Find(value, Json) is { } at)
            throw new InputException(Corrupt(kind), InputException.Location(path, at), "must not be null");
        return value;
    }

    /// <summary>The first part of a damaged checkpoint's error, e.g. "corrupt MPC checkpoint".</summary>
    public static string Corrupt(string kind) => $"corrupt {kind}";

    /// <summary>Refuses NaN or ±∞ in <paramref name="values"/>, naming the member.</summary>
    public static void RequireFinite(string path, string kind, string member, IEnumerable<double> values)
    {
        int i = 0;
        foreach (var v in values)
        {
            if (!double.IsFinite(v)) throw new InputException(Corrupt(kind), InputException.Location(path, $"{member}[{i}]"), $"is {v}; it must be finite");
            i++;
        }
    }

    /// <summary>
    /// Refuses a checkpoint of another format version, or one written by a run of another environment,
    /// seed or settings (settings compare by value: they are records).
    /// </summary>
    public static void CheckOwner(string path, string kind, int version, int currentVersion,
        (string Env, ulong Seed, object Settings) found, (string Env, ulong Seed, object Settings) run)
    {
        if (version != currentVersion)
            throw new InputException($"unsupported {kind}", InputException.Location(path), $"version {version}; this build reads version {currentVersion}");
        if (found.Env != run.Env || found.Seed != run.Seed || !Equals(found.Settings, run.Settings))
            throw new InputException($"{kind} of another run", InputException.Location(path),
                $"it is of {found.Env}, seed {found.Seed}, {found.Settings}; this run is {run.Env}, seed {run.Seed}, {run.Settings}. Use another --checkpoint file or the matching options");
    }
}
