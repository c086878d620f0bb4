using System.Text.Json;
using System.Text.Json.Serialization;

namespace Engine.Experiments;

/// <summary>
/// Reads an experiment's JSON configuration strictly: unknown members and nulls where a value belongs are refused
/// with their JSON path, so a typo in a config file is an error, not a silently ignored setting.
/// </summary>
public static class JsonConfigFile
{
    /// <summary>Strict reading options derived from <paramref name="writing"/> (same naming and converters).</summary>
    public static JsonSerializerOptions Strict(JsonSerializerOptions writing) => new(writing)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
    };

    /// <summary>
    /// The configuration in <paramref name="path"/>; a missing file is a <see cref="FileNotFoundException"/>, a malformed
    /// one an <see cref="InvalidDataException"/> naming the file and the member.
    /// </summary>
    public static T Load<T>(string path, JsonSerializerOptions options) where T : class
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"config file '{path}' does not exist", path);
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), options)
                ?? throw new InvalidDataException($"config '{path}' is empty");
        }
        catch (JsonException e)
        {
            // A null where a value belongs is named by its JSON path ("$.diffusion.dimMults"), the parser's other messages as they are.
            string why = e.Path is { } member && e.Message.Contains("null", StringComparison.Ordinal) ? $"{member} must not be null" : e.Message;
            throw new InvalidDataException($"config '{path}': {why}", e);
        }
    }
}
