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
}
