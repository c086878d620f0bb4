using System.Text.Json;
using System.Text.Json.Serialization;
using Engine.IO;

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
    /// The configuration in <paramref name="path"/>. A missing file, malformed JSON, an unknown member, a null or a
    /// value of the wrong type is an <see cref="InputException"/> naming the file and the member by its JSON path
    /// (<c>'c.json' $.goals</c>: <c>must not be null</c>). Missing members keep their defaults: a file sets only what it changes.
    /// </summary>
    public static T Load<T>(string path, JsonSerializerOptions options) where T : class
    {
        if (!File.Exists(path)) throw new InputException("file not found", InputException.Location(path), "the configuration file does not exist");
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), options)
                ?? throw new InputException("invalid configuration", InputException.Location(path, "$"), "is null; expected an object of settings");
        }
        catch (JsonException e)
        {
            throw JsonInputError.Describe("invalid configuration", path, e);
        }
    }
}
