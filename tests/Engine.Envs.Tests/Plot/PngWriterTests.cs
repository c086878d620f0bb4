using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Engine.Plot;

namespace Engine.Envs.Tests.Plot;

public class PngWriterTests
{
    [Fact]
    public void Crc32MatchesTheStandardCheckValue() =>
        Assert.Equal(0xCBF43926u, PngWriter.Crc32(Encoding.ASCII.GetBytes("123456789")));

    /// <summary>Decodes a filter-0 RGBA PNG: checks signature, chunk CRCs and header, returns the pixels.</summary>
    internal static (int Width, int Height, byte[] Rgba) Decode(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        int offset = 8, width = 0, height = 0;
        using var idat = new MemoryStream();
        var types = new List<string>();
        while (offset < png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            string type = Encoding.ASCII.GetString(png, offset + 4, 4);
            var body = png.AsSpan(offset + 8, length);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length));
            Assert.Equal(PngWriter.Crc32(png.AsSpan(offset + 4, 4 + length)), crc);
            types.Add(type);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(body);
                height = BinaryPrimitives.ReadInt32BigEndian(body[4..]);
                Assert.Equal(8, body[8]);
                Assert.Equal(6, body[9]);
            }
            else if (type == "IDAT") idat.Write(body);
            offset += 12 + length;
        }
        Assert.Equal("IHDR", types[0]);
        Assert.Equal("IEND", types[^1]);
        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        z.CopyTo(raw);
        var bytes = raw.ToArray();
        Assert.Equal(height * (1 + 4 * width), bytes.Length);
        var rgba = new byte[width * height * 4];
        for (int y = 0; y < height; y++)
        {
            Assert.Equal(0, bytes[y * (1 + 4 * width)]);
            Array.Copy(bytes, y * (1 + 4 * width) + 1, rgba, y * 4 * width, 4 * width);
        }
        return (width, height, rgba);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(17, 5)]
    [InlineData(300, 200)]
    public void EncodedImageDecodesToTheSamePixels(int width, int height)
    {
        var rng = new Rng((ulong)(width * 1000 + height));
        var rgba = new byte[width * height * 4];
        for (int i = 0; i < rgba.Length; i++) rgba[i] = (byte)rng.NextInt(256);
        var (w, h, decoded) = Decode(PngWriter.Encode(width, height, rgba));
        Assert.Equal(width, w);
        Assert.Equal(height, h);
        Assert.Equal(rgba, decoded);
    }

    [Fact]
    public void WrongBufferSizeNamesTheShape()
    {
        var e = Assert.Throws<ArgumentException>(() => PngWriter.Encode(4, 4, new byte[10]));
        Assert.Contains("4×4", e.Message);
    }

    [Fact]
    public void SaveWritesAtomicallyAndCompletely()
    {
        using var dir = new TempDirectory();
        var canvas = new Canvas(20, 10, Color.Red);
        canvas.SavePng(dir.File("a.png"));
        Assert.Equal(["a.png"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
        var (_, _, rgba) = Decode(File.ReadAllBytes(dir.File("a.png")));
        Assert.Equal(canvas.Pixels, rgba);
    }
}
