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
    };

    public static void Save<T>(T value, string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(value, Json));
        File.Move(temporary, full, overwrite: true);
    }

    /// <param name="kind">What the file should be, for messages ("ARS checkpoint").</param>
    public static T Read<T>(string path, string kind) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllBytes(path), Json)
                ?? throw new InvalidDataException($"{path}: an empty {kind}");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a readable {kind} ({e.Message})", e);
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
