using System.Text.Json;
using System.Text.Unicode;
using Engine.IO;

namespace Engine.NN;

/// <summary>One tensor entry of a safetensors header: dtype code, shape, and its byte range [Begin, End) in the data section.</summary>
internal sealed record SafeTensorsEntry(string Name, string DType, int[] Shape, long Begin, long End)
{
    /// <summary>Elements in the shape (checked: fits in an int).</summary>
    public int Count => Shape.Aggregate(1, (a, d) => checked(a * d));
}

/// <summary>
/// Parses and validates a safetensors header before anything is allocated for the data: valid UTF-8, a JSON
/// object, <c>__metadata__</c> an object of strings, every entry {dtype, shape, data_offsets} with a known dtype,
/// non-negative dimensions, shape × element size = byte length in checked arithmetic, and the entries' ranges
/// sorted, contiguous, non-overlapping and covering the whole data section. Every failure is an
/// <see cref="InputException"/> naming the file (and the tensor).
/// </summary>
internal static class SafeTensorsHeader
{
    /// <summary>The error of a file that is not a well-formed safetensors file, at <paramref name="where"/> (the file, or a tensor in it).</summary>
    public static InputException Corrupt(string where, string why) => new("corrupt safetensors file", where, why);

    /// <summary>The bytes per element of each readable dtype.</summary>
    public static int ElementSize(string dtype) => dtype switch
    {
        "F32" or "I32" => 4,
        "F64" or "I64" => 8,
        "F16" or "BF16" => 2,
        _ => 0,
    };

    /// <param name="where">The file, as an error's place (<see cref="InputException.Location"/>).</param>
    /// <param name="header">The header's bytes (without the 8-byte length).</param>
    /// <param name="dataLength">Bytes after the header; null to skip the coverage check (metadata-only reads).</param>
    public static (List<SafeTensorsEntry> Entries, Dictionary<string, string> Metadata) Parse(string where, ReadOnlySpan<byte> header, long? dataLength)
    {
        if (!Utf8.IsValid(header)) throw Corrupt(where, $"header is not valid UTF-8");
        JsonDocument doc;
        try { doc = JsonDocument.Parse(header.ToArray(), new JsonDocumentOptions { MaxDepth = 8 }); }
        catch (JsonException e) { throw Corrupt(where, $"header is not valid JSON ({e.Message})"); }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw Corrupt(where, $"header is not a JSON object");
            var metadata = new Dictionary<string, string>();
            var entries = new List<SafeTensorsEntry>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                if (!names.Add(prop.Name)) throw Corrupt(where, $"'{prop.Name}' appears twice in the header");
                if (prop.Name == "__metadata__") ReadMetadata(where, prop.Value, metadata);
                else entries.Add(ReadEntry($"{where} tensor '{prop.Name}'", prop.Name, prop.Value));
            }
            if (dataLength is long length) CheckLayout(where, entries, length);
            return (entries, metadata);
        }
    }

    private static void ReadMetadata(string where, JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object) throw Corrupt(where, $"__metadata__ is a {value.ValueKind}, not an object of strings");
        foreach (var m in value.EnumerateObject())
        {
            if (m.Value.ValueKind != JsonValueKind.String)
                throw Corrupt(where, $"__metadata__ '{m.Name}' is a {m.Value.ValueKind}, not a string");
            metadata[m.Name] = m.Value.GetString()!;
        }
    }

    private static SafeTensorsEntry ReadEntry(string ctx, string name, JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object) throw Corrupt(ctx, $"entry is a {e.ValueKind}, not an object");
        if (!e.TryGetProperty("dtype", out var dt) || dt.ValueKind != JsonValueKind.String) throw Corrupt(ctx, $"no string 'dtype'");
        string dtype = dt.GetString()!;
        if (ElementSize(dtype) == 0) throw Corrupt(ctx, $"unsupported dtype '{dtype}'");
        long[] shape = Integers(ctx, e, "shape");
        long[] offsets = Integers(ctx, e, "data_offsets");
        if (shape.Any(d => d is < 0 or > int.MaxValue)) throw Corrupt(ctx, $"dimension out of range in [{string.Join(", ", shape)}]");
        if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0]) throw Corrupt(ctx, $"data_offsets [{string.Join(", ", offsets)}] are not [begin, end] with 0 ≤ begin ≤ end");
        long bytes;
        try { bytes = checked(shape.Aggregate(1L, (a, d) => checked(a * d)) * ElementSize(dtype)); }
        catch (OverflowException) { throw Corrupt(ctx, $"shape [{string.Join(", ", shape)}] has more elements than any file holds"); }
        if (bytes > int.MaxValue) throw Corrupt(ctx, $"shape [{string.Join(", ", shape)}] of {dtype} needs {bytes} bytes, more than one tensor may hold");
        if (offsets[1] - offsets[0] != bytes)
            throw Corrupt(ctx, $"shape [{string.Join(", ", shape)}] of {dtype} needs {bytes} bytes, data_offsets give {offsets[1] - offsets[0]}");
        return new SafeTensorsEntry(name, dtype, shape.Select(d => (int)d).ToArray(), offsets[0], offsets[1]);
    }

    private static long[] Integers(string ctx, JsonElement e, string member)
    {
        if (!e.TryGetProperty(member, out var v) || v.ValueKind != JsonValueKind.Array) throw Corrupt(ctx, $"no array '{member}'");
        if (v.GetArrayLength() > 64) throw Corrupt(ctx, $"'{member}' has {v.GetArrayLength()} entries");
        var result = new long[v.GetArrayLength()];
        int i = 0;
        foreach (var d in v.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out result[i++]))
                throw Corrupt(ctx, $"'{member}' holds {d.GetRawText()}, not an integer");
        }
        return result;
    }

    /// <summary>Ranges sorted by begin must tile [0, dataLength) exactly: no gap, no overlap, nothing past the end.</summary>
    private static void CheckLayout(string where, List<SafeTensorsEntry> entries, long dataLength)
    {
        long end = 0;
        foreach (var e in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (e.End > dataLength)
                throw Corrupt(where, $"tensor '{e.Name}' at bytes [{e.Begin}, {e.End}) runs past the data section ({dataLength} bytes): truncated");
            if (e.Begin < end) throw Corrupt(where, $"tensor '{e.Name}' at bytes [{e.Begin}, {e.End}) overlaps the tensor before it (ending at {end})");
            if (e.Begin > end) throw Corrupt(where, $"bytes [{end}, {e.Begin}) before tensor '{e.Name}' belong to no tensor");
            end = e.End;
        }
        if (end < dataLength) throw Corrupt(where, $"{dataLength - end} bytes after the last tensor belong to no tensor");
    }
}
