using System.Buffers.Binary;
using System.Text;

namespace Engine.Fuzz.Tests;

/// <summary>
/// Damages a valid file the ways storage, transfers and hostile authors do: truncation, byte flips, random bytes,
/// 4- and 8-byte little-endian fields (lengths, offsets, addresses) set to edge values, and — inside any JSON text
/// of the file — numbers, strings and literals replaced (offsets, shapes, dtypes, null, NaN, ±Infinity).
/// Each mutation returns a description used in failure messages.
/// </summary>
internal static class Mutator
{
    private static readonly long[] EdgeValues = [0, 1, -1, 2, 7, 8, 255, 256, 4096, 65536, int.MaxValue, uint.MaxValue, long.MaxValue, long.MinValue, 1L << 40];

    private static readonly string[] JsonReplacements =
        ["0", "-1", "1", "4294967296", "65536", "1e308", "-0.5", "null", "true", "\"\"", "\"F64\"", "\"I64\"", "\"BF16\"", "\"Q8\"", "[]", "{}",
         "[65536,65536,65536,65536]", "NaN", "Infinity", "-Infinity", "\"NaN\"", "[null]", "[0,0]", "[8,0]"];

    public static (byte[] Bytes, string What) Mutate(byte[] valid, FuzzRandom rng)
    {
        var b = (byte[])valid.Clone();
        switch (rng.Below(8))
        {
            case 0:
            {
                int n = rng.Below(b.Length);
                return (b[..n], $"truncated to {n} bytes");
            }
            case 1:
            {
                int at = rng.Below(b.Length), bit = rng.Below(8);
                b[at] ^= (byte)(1 << bit);
                return (b, $"bit {bit} of byte {at} flipped");
            }
            case 2:
            {
                int count = 1 + rng.Below(16);
                var where = new List<int>();
                for (int i = 0; i < count; i++)
                {
                    int at = rng.Below(b.Length);
                    b[at] = (byte)rng.Next();
                    where.Add(at);
                }
                return (b, $"random bytes at {string.Join(",", where)}");
            }
            case 3 when b.Length >= 8:
            {
                int at = rng.Below(b.Length - 7);
                long v = rng.Pick(EdgeValues);
                BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(at), v);
                return (b, $"8-byte field at {at} set to {v}");
            }
            case 4 when b.Length >= 4:
            {
                int at = rng.Below(b.Length - 3);
                int v = (int)rng.Pick(EdgeValues);
                BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(at), v);
                return (b, $"4-byte field at {at} set to {v}");
            }
            case 5 when b.Length >= 4:
            {
                // NaN or ±∞ over an aligned float32 or float64 somewhere in the data
                bool wide = rng.Below(2) == 0 && b.Length >= 8;
                int at = rng.Below(b.Length / (wide ? 8 : 4)) * (wide ? 8 : 4);
                double v = rng.Pick(new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity });
                if (wide) BinaryPrimitives.WriteDoubleLittleEndian(b.AsSpan(at), v);
                else BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(at), (float)v);
                return (b, $"{(wide ? "float64" : "float32")} at {at} set to {v}");
            }
            case 6 or 7 when JsonToken(b, rng) is var (start, length) && length > 0:
            {
                string replacement = rng.Pick(JsonReplacements);
                var text = Encoding.UTF8.GetBytes(replacement);
                var result = b[..start].Concat(text).Concat(b[(start + length)..]).ToArray();
                // keep an 8-byte length prefix (safetensors) consistent half of the time, so the JSON edit itself is what is tested
                if (rng.Below(2) == 0 && b.Length >= 8 && BinaryPrimitives.ReadUInt64LittleEndian(b) is var n && n > 0 && n < (ulong)b.Length && start >= 8 && start < 8 + (long)n)
                    BinaryPrimitives.WriteUInt64LittleEndian(result, (ulong)((long)n + text.Length - length));
                return (result, $"JSON token '{Encoding.UTF8.GetString(b, start, length)}' at {start} replaced by {replacement}");
            }
            default:
            {
                int at = rng.Below(b.Length);
                return (b[..at].Concat(b[Math.Min(b.Length, at + 1 + rng.Below(8))..]).ToArray(), $"bytes deleted at {at}");
            }
        }
    }

    /// <summary>A random JSON number, string or literal of the file (start, length), or (0, 0) if it has none.</summary>
    private static (int Start, int Length) JsonToken(byte[] b, FuzzRandom rng)
    {
        var tokens = new List<(int, int)>();
        for (int i = 0; i < b.Length && tokens.Count < 4096; i++)
        {
            byte c = b[i];
            if (c == '"')
            {
                int j = i + 1;
                while (j < b.Length && b[j] != '"' && b[j] >= 0x20 && j - i < 200) j++;
                if (j < b.Length && b[j] == '"') tokens.Add((i, j - i + 1));
                i = j;
            }
            else if (c is (byte)'-' or >= (byte)'0' and <= (byte)'9' && i > 0 && b[i - 1] is (byte)':' or (byte)'[' or (byte)',' or (byte)' ')
            {
                int j = i + 1;
                while (j < b.Length && (b[j] is >= (byte)'0' and <= (byte)'9' or (byte)'.' or (byte)'e' or (byte)'E' or (byte)'+' or (byte)'-')) j++;
                tokens.Add((i, j - i));
                i = j - 1;
            }
        }
        return tokens.Count == 0 ? (0, 0) : rng.Pick(tokens);
    }
}
