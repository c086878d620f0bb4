using System.Buffers.Binary;
using System.Text;

namespace Engine.NN.Tests;

/// <summary>The safetensors loader refuses every inconsistent header with an <see cref="InvalidDataException"/> naming the file, before making a tensor (issue 22).</summary>
public sealed class SafeTensorsValidationTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "engine-st-" + Guid.NewGuid().ToString("N"));

    public SafeTensorsValidationTests() => Directory.CreateDirectory(_dir);
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A file with the given header bytes and data section.</summary>
    private string Write(byte[] header, byte[] data)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".safetensors");
        var bytes = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + header.Length);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string Write(string header, byte[] data) => Write(Encoding.UTF8.GetBytes(header), data);

    private static byte[] Floats(params float[] v) => v.SelectMany(BitConverter.GetBytes).ToArray();

    private static string Error(string path) =>
        Assert.Throws<Engine.IO.InputException>(() => SafeTensors.Load(path)).Message;

    [Theory]
    [InlineData("""{"__metadata__":[1,2],"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", "__metadata__ is a Array")]
    [InlineData("""{"__metadata__":{"k":3},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", "__metadata__ 'k' is a Number")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", "appears twice")]
    [InlineData("""{"a":{"dtype":"Q8","shape":[2],"data_offsets":[0,8]}}""", "unsupported dtype 'Q8'")]
    [InlineData("""{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}""", "dimension out of range")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2.5],"data_offsets":[0,8]}}""", "not an integer")]
    [InlineData("""{"a":{"dtype":"F32","shape":[65536,65536,65536,65536],"data_offsets":[0,0]}}""", "more elements than any file holds")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", "overlaps")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", "belong to no tensor")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", "after the last tensor")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[12,16]}}""", "runs past the data section")]
    [InlineData("""{"a":"F32"}""", "not an object")]
    [InlineData("""[1]""", "not a JSON object")]
    public void An_inconsistent_header_is_refused_naming_the_file(string header, string expected)
    {
        var path = Write(header, Floats(1, 2));
        var message = Error(path);
        Assert.Contains(Path.GetFileName(path), message);
        Assert.Contains(expected, message);
        Assert.Throws<Engine.IO.InputException>(() => SafeTensors.ReadMetadata(path)); // the header-only read validates as much
    }

    [Fact]
    public void Invalid_utf8_in_the_header_is_refused()
    {
        var header = Encoding.UTF8.GetBytes("""{"__metadata__":{"k":"ab"},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""");
        header[Array.IndexOf(header, (byte)'b')] = 0xC3; // a lead byte followed by '"'
        Assert.Contains("UTF-8", Error(Write(header, Floats(1, 2))));
    }

    [Fact]
    public void Header_length_bounds_are_checked()
    {
        var path = Path.Combine(_dir, "len.safetensors");
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, ulong.MaxValue);
        File.WriteAllBytes(path, bytes);
        Assert.Contains("header length", Error(path));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 0);
        File.WriteAllBytes(path, bytes);
        Assert.Contains("header length 0", Error(path));
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Non_finite_weights_are_refused_unless_allowed(float bad)
    {
        var path = Write("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", Floats(1, bad));
        Assert.Contains("element 1", Error(path));
        var loaded = SafeTensors.Load(path, allowNonFinite: true);
        Assert.Equal(bad, loaded["a"].ToArrayFloat()[1]);
    }

    [Fact]
    public void A_valid_file_with_tensors_in_any_key_order_loads_exactly()
    {
        var path = Write("""{"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]},"__metadata__":{"k":"v"},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", Floats(3, 5));
        var all = SafeTensors.Load(path, out var meta);
        Assert.Equal([3f], all["a"].ToArrayFloat());
        Assert.Equal([5f], all["b"].ToArrayFloat());
        Assert.Equal("v", meta["k"]);
    }
}
