using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace Engine.NN;

/// <summary>
/// The safetensors format (Hugging Face): an 8-byte little-endian header length N, N bytes of UTF-8 JSON
/// {name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {str: str}}, then the raw
/// little-endian data. Reading parses data only — nothing executes on load. Supported dtypes: F32, F64,
/// I32 (read and written), F16, BF16 → float32 and I64 → int32 (read only, with range checks).
/// </summary>
public static class SafeTensors
{
    private const long MaxHeader = 100L << 20;

    /// <summary>Writes <paramref name="tensors"/> (sorted by name) atomically: a temporary file in the same folder, then a rename.</summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var names = tensors.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();
        var blobs = new byte[names.Length][];
        var header = new Dictionary<string, object>();
        if (metadata != null && metadata.Count > 0) header["__metadata__"] = metadata;
        long offset = 0;
        for (int i = 0; i < names.Length; i++)
        {
            var t = tensors[names[i]];
            if (names[i] == "__metadata__") throw new ArgumentException("SafeTensors.Save: '__metadata__' is reserved");
            (string code, byte[] data) = t.DType switch
            {
                DType.Float32 => ("F32", ToBytes(t.ToArrayFloat())),
                DType.Float64 => ("F64", ToBytes(t.ToArrayDouble())),
                DType.Int32 => ("I32", ToBytes(t.ToArrayInt())),
                _ => throw new ArgumentException($"SafeTensors.Save: tensor '{names[i]}' has unsupported dtype {t.DType}"),
            };
            blobs[i] = data;
            header[names[i]] = new Dictionary<string, object> { ["dtype"] = code, ["shape"] = t.Shape, ["data_offsets"] = new[] { offset, offset + data.Length } };
            offset += data.Length;
        }
        var json = JsonSerializer.SerializeToUtf8Bytes(header);
        // Pad the header with spaces to 8 bytes so the data are aligned (as the reference writer does).
        int pad = (8 - json.Length % 8) % 8;
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write))
            {
                Span<byte> len = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)(json.Length + pad));
                fs.Write(len);
                fs.Write(json);
                for (int i = 0; i < pad; i++) fs.WriteByte((byte)' ');
                foreach (var b in blobs) fs.Write(b);
                fs.Flush(true);
            }
            File.Move(tmp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    /// <summary>Reads every tensor of a file. Malformed, truncated or inconsistent files raise <see cref="InvalidDataException"/> naming the tensor.</summary>
    public static Dictionary<string, Tensor> Load(string path) => Load(path, out _);

    /// <summary>Reads every tensor of a file and its "__metadata__" strings (<paramref name="metadata"/>; empty when absent).</summary>
    public static Dictionary<string, Tensor> Load(string path, out Dictionary<string, string> metadata)
    {
        var bytes = File.ReadAllBytes(path);
        string where = $"safetensors '{Path.GetFileName(path)}'";
        if (bytes.Length < 8) throw new InvalidDataException($"{where}: file of {bytes.Length} bytes is shorter than the 8-byte header length");
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (n > (ulong)MaxHeader || 8 + (long)n > bytes.Length)
            throw new InvalidDataException($"{where}: header length {n} exceeds the file ({bytes.Length} bytes): truncated or not a safetensors file");
        long dataStart = 8 + (long)n;
        long dataLen = bytes.Length - dataStart;
        var result = new Dictionary<string, Tensor>();
        metadata = ParseHeader(where, bytes.AsMemory(8, (int)n), (name, e) => result[name] = ReadTensor(where, name, e, bytes, dataStart, dataLen));
        return result;
    }

    /// <summary>The metadata of a file, reading only its header (for checks before a full load).</summary>
    public static Dictionary<string, string> ReadMetadata(string path)
    {
        string where = $"safetensors '{Path.GetFileName(path)}'";
        using var f = File.OpenRead(path);
        var len = new byte[8];
        if (f.ReadAtLeast(len, 8, throwOnEndOfStream: false) < 8) throw new InvalidDataException($"{where}: file of {f.Length} bytes is shorter than the 8-byte header length");
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(len);
        if (n > (ulong)MaxHeader || 8 + (long)n > f.Length)
            throw new InvalidDataException($"{where}: header length {n} exceeds the file ({f.Length} bytes): truncated or not a safetensors file");
        var header = new byte[(int)n];
        f.ReadExactly(header);
        return ParseHeader(where, header, (_, _) => { });
    }

    /// <summary>Parses the JSON header: returns "__metadata__" and hands every tensor entry to <paramref name="tensor"/>.</summary>
    private static Dictionary<string, string> ParseHeader(string where, ReadOnlyMemory<byte> header, Action<string, JsonElement> tensor)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(header); }
        catch (JsonException e) { throw new InvalidDataException($"{where}: header is not valid JSON ({e.Message})"); }
        var metadata = new Dictionary<string, string>();
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{where}: header is not a JSON object");
            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                if (prop.Name == "__metadata__")
                {
                    foreach (var m in prop.Value.EnumerateObject()) metadata[m.Name] = m.Value.GetString() ?? "";
                    continue;
                }
                tensor(prop.Name, prop.Value);
            }
        }
        return metadata;
    }

    private static Tensor ReadTensor(string where, string name, JsonElement e, byte[] bytes, long dataStart, long dataLen)
    {
        string ctx = $"{where}: tensor '{name}'";
        try
        {
            string dtype = e.GetProperty("dtype").GetString() ?? "";
            int[] shape = e.GetProperty("shape").EnumerateArray().Select(d => checked((int)d.GetInt64())).ToArray();
            long[] offs = e.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            if (shape.Any(d => d < 0)) throw new InvalidDataException($"{ctx}: negative dimension in {ShapeFormat.Of(shape)}");
            if (offs.Length != 2 || offs[0] < 0 || offs[1] < offs[0]) throw new InvalidDataException($"{ctx}: bad data_offsets");
            if (offs[1] > dataLen) throw new InvalidDataException($"{ctx}: data [{offs[0]}, {offs[1]}) runs past the end of the data ({dataLen} bytes): file truncated");
            int size = dtype switch { "F32" or "I32" => 4, "F64" or "I64" => 8, "F16" or "BF16" => 2, _ => throw new InvalidDataException($"{ctx}: unsupported dtype {dtype}") };
            long numel = shape.Aggregate(1L, (a, d) => a * d);
            if (offs[1] - offs[0] != numel * size)
                throw new InvalidDataException($"{ctx}: shape {ShapeFormat.Of(shape)} of {dtype} needs {numel * size} bytes, data_offsets give {offs[1] - offs[0]}");
            var span = bytes.AsSpan((int)(dataStart + offs[0]), (int)(offs[1] - offs[0]));
            switch (dtype)
            {
                case "F32": return Tensor.FromHost(FromBytes<float>(span), shape, null);
                case "F64": return Tensor.FromHost(FromBytes<double>(span), shape, null);
                case "I32": return Tensor.FromHost(FromBytes<int>(span), shape, null);
                case "I64":
                    return Tensor.FromHost(FromBytes<long>(span).Select(v => v is < int.MinValue or > int.MaxValue
                        ? throw new InvalidDataException($"{ctx}: int64 value {v} does not fit int32") : (int)v).ToArray(), shape, null);
                case "F16": return Tensor.FromHost(FromBytes<Half>(span).Select(h => (float)h).ToArray(), shape, null);
                default: // BF16: the top half of a float32
                    var raw = FromBytes<ushort>(span);
                    return Tensor.FromHost(raw.Select(u => BitConverter.Int32BitsToSingle(u << 16)).ToArray(), shape, null);
            }
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException or OverflowException)
        {
            throw new InvalidDataException($"{ctx}: malformed header entry ({ex.Message})");
        }
    }

    private static byte[] ToBytes<T>(T[] data) where T : unmanaged
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("SafeTensors: big-endian hosts are not supported");
        return System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()).ToArray();
    }

    private static T[] FromBytes<T>(ReadOnlySpan<byte> span) where T : unmanaged
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("SafeTensors: big-endian hosts are not supported");
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, T>(span).ToArray();
    }
}
