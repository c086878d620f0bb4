using System.Buffers.Binary;
using System.Text.Json;
using Engine.IO;

namespace Engine.NN;

/// <summary>
/// The safetensors format (Hugging Face): an 8-byte little-endian header length N, N bytes of UTF-8 JSON
/// {name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {str: str}}, then the raw
/// little-endian data. Reading parses data only — nothing executes on load. Supported dtypes: F32, F64,
/// I32 and I64 (read and written as themselves: an int64 keeps every value exactly), F16 and BF16 (read
/// as float32).
/// </summary>
public static class SafeTensors
{
    private const long MaxHeader = 100L << 20;

    /// <summary>Writes <paramref name="tensors"/> (sorted by name) atomically and durably: a uniquely named temporary file in the same folder, fsync, rename, fsync of the folder.</summary>
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
                DType.Int64 => ("I64", ToBytes(t.ToArrayLong())),
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
        var tmp = Engine.IO.DurableFile.TemporaryPath(path);
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
            Engine.IO.DurableFile.Replace(tmp, path); // fsync, rename, fsync of the folder
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    /// <summary>
    /// Reads every tensor of a file. The whole header is validated before any tensor is made (see
    /// <see cref="SafeTensorsHeader"/>); malformed, truncated or inconsistent files, and NaN or ±∞ values unless
    /// <paramref name="allowNonFinite"/>, raise <see cref="InputException"/> naming the file and the tensor.
    /// </summary>
    public static Dictionary<string, Tensor> Load(string path, bool allowNonFinite = false) => Load(path, out _, allowNonFinite);

    /// <inheritdoc cref="Load(string, bool)"/>
    public static Dictionary<string, Tensor> Load(string path, out Dictionary<string, string> metadata, bool allowNonFinite = false)
    {
        string where = InputException.Location(path);
        var bytes = File.ReadAllBytes(path);
        int n = HeaderLength(where, bytes.Length >= 8 ? BinaryPrimitives.ReadUInt64LittleEndian(bytes) : null, bytes.Length);
        long dataStart = 8 + n;
        var (entries, meta) = SafeTensorsHeader.Parse(where, bytes.AsSpan(8, n), bytes.Length - dataStart);
        metadata = meta;
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var e in entries)
            result[e.Name] = ReadTensor($"{where} tensor '{e.Name}'", e, bytes.AsSpan((int)(dataStart + e.Begin), (int)(e.End - e.Begin)), allowNonFinite);
        return result;
    }

    /// <summary>The metadata of a file, reading only its header (for checks before a full load); the header is validated as by <see cref="Load(string, bool)"/>.</summary>
    public static Dictionary<string, string> ReadMetadata(string path)
    {
        string where = InputException.Location(path);
        using var f = File.OpenRead(path);
        var len = new byte[8];
        int got = f.ReadAtLeast(len, 8, throwOnEndOfStream: false);
        int n = HeaderLength(where, got == 8 ? BinaryPrimitives.ReadUInt64LittleEndian(len) : null, f.Length);
        var header = new byte[n];
        f.ReadExactly(header);
        return SafeTensorsHeader.Parse(where, header, f.Length - 8 - n).Metadata;
    }

    /// <summary>The header length field, checked against the file: at least "{}", at most <see cref="MaxHeader"/>, inside the file.</summary>
    private static int HeaderLength(string where, ulong? field, long fileLength)
    {
        if (field is not ulong n) throw SafeTensorsHeader.Corrupt(where, $"file of {fileLength} bytes is shorter than the 8-byte header length");
        if (n < 2 || n > (ulong)MaxHeader || 8 + (long)n > fileLength)
            throw SafeTensorsHeader.Corrupt(where, $"header length {n} does not fit the file ({fileLength} bytes): truncated or not a safetensors file");
        return (int)n;
    }

    private static Tensor ReadTensor(string ctx, SafeTensorsEntry e, ReadOnlySpan<byte> span, bool allowNonFinite)
    {
        var shape = e.Shape;
        switch (e.DType)
        {
            case "F32": return Tensor.FromHost(Finite(ctx, FromBytes<float>(span), allowNonFinite), shape, null);
            case "F64": return Tensor.FromHost(Finite(ctx, FromBytes<double>(span), allowNonFinite), shape, null);
            case "I32": return Tensor.FromHost(FromBytes<int>(span), shape, null);
            case "I64": return Tensor.FromHost(FromBytes<long>(span), shape, null);
            case "F16": return Tensor.FromHost(Finite(ctx, FromBytes<Half>(span).Select(h => (float)h).ToArray(), allowNonFinite), shape, null);
            default: // BF16: the top half of a float32
                var raw = FromBytes<ushort>(span);
                return Tensor.FromHost(Finite(ctx, raw.Select(u => BitConverter.Int32BitsToSingle(u << 16)).ToArray(), allowNonFinite), shape, null);
        }
    }

    /// <summary>Refuses NaN and ±∞ (a diverged or corrupted checkpoint) unless they are allowed.</summary>
    private static T[] Finite<T>(string ctx, T[] values, bool allow) where T : System.Numerics.IFloatingPointIeee754<T>
    {
        if (allow) return values;
        for (int i = 0; i < values.Length; i++)
            if (!T.IsFinite(values[i]))
                throw new InputException("non-finite weights", ctx, $"element {i} is {values[i]}; weights must be finite (pass allowNonFinite to load such a file)");
        return values;
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
