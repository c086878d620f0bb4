using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Engine.Envs.MuJoCo.Data;

/// <summary>
/// Finds a null inside a deserialised object graph, where System.Text.Json's nullable annotations do not reach:
/// an element of a list or array (<c>"Actions": [null]</c>). Walks exactly the members the serializer maps.
/// </summary>
internal static class JsonNullElements
{
    /// <summary>The JSON path of the first null member or element under <paramref name="root"/> ("$.Episodes[3].Actions[0]"), or null when there is none.</summary>
    public static string? Find(object root, JsonSerializerOptions options) => Walk(root, "$", options, depth: 0);

    private static string? Walk(object? value, string path, JsonSerializerOptions options, int depth)
    {
        if (value is null) return path;
        if (depth > 32) return null;
        var info = options.GetTypeInfo(value.GetType());
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object:
                foreach (var p in info.Properties)
                {
                    if (p.Get is null) continue;
                    var member = p.Get(value);
                    if (member is null && p.PropertyType.IsValueType) continue;
                    if (member is null && Nullable.GetUnderlyingType(p.PropertyType) is not null) continue;
                    if (member is null && p.IsGetNullable) continue; // declared nullable (string?, int?)
                    if (Walk(member, $"{path}.{p.Name}", options, depth + 1) is { } found) return found;
                }
                return null;
            case JsonTypeInfoKind.Enumerable when value is IEnumerable items:
                int i = 0;
                foreach (var item in items)
                {
                    if (item is not null && item.GetType().IsPrimitive) { i++; continue; }
                    if (Walk(item, $"{path}[{i}]", options, depth + 1) is { } found) return found;
                    i++;
                }
                return null;
            default:
                return null;
        }
    }
}
