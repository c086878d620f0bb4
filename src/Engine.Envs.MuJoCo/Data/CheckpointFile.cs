using System.Text.Json;
using System.Text.Json.Serialization;

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
    /// <remarks>Nulls and missing members, null list elements included, are <see cref="InvalidDataException"/>s with their JSON path.</remarks>
    public static T Read<T>(string path, string kind) where T : class
    {
        T value;
        try
        {
            value = JsonSerializer.Deserialize<T>(File.ReadAllBytes(path), Json)
                ?? throw new InvalidDataException($"{path}: an empty {kind}");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a readable {kind} ({e.Message})", e);
        }
        catch (ArgumentException e)
        {
            // a constructor's own check (e.g. a policy's weight count)
            throw new InvalidDataException($"{path}: not a consistent {kind} ({e.Message})", e);
        }
        if (JsonNullElements.Find(value, Json) is { } at)
            throw new InvalidDataException($"{path}: not a complete {kind} ({at} is null)");
        return value;
    }

    /// <summary>Refuses NaN or ±∞ in <paramref name="values"/>, naming the member.</summary>
    public static void RequireFinite(string path, string kind, string member, IEnumerable<double> values)
    {
        int i = 0;
        foreach (var v in values)
        {
            if (!double.IsFinite(v)) throw new InvalidDataException($"{path}: {kind} {member}[{i}] is {v}; it must be finite");
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
            throw new InvalidDataException($"{path}: {kind} version {version}, this build reads version {currentVersion}");
        if (found.Env != run.Env || found.Seed != run.Seed || !Equals(found.Settings, run.Settings))
            throw new InvalidDataException(
                $"{path}: the checkpoint is of {found.Env}, seed {found.Seed}, {found.Settings}; this run is {run.Env}, seed {run.Seed}, {run.Settings}. Use another --checkpoint file or the matching options.");
    }
}
