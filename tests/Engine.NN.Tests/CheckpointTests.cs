using System.Buffers.Binary;
using Engine.Testing;

namespace Engine.NN.Tests;

public class CheckpointTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "engine-nn-tests-" + Guid.NewGuid().ToString("N"));

    public CheckpointTests() => Directory.CreateDirectory(_dir);
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static TemporalUnet Net(ulong seed) => new(8, 3, new Generator(seed), dim: 8, dimMults: [1, 2]);

    [Fact]
    public void RoundTripRestoresEveryParameterAndLeavesNoTemporaryFile()
    {
        var a = Net(1);
        var path = Path.Combine(_dir, "unet.safetensors");
        Checkpoint.Save(a, path, new Dictionary<string, string> { ["step"] = "7" });
        Assert.Single(Directory.GetFiles(_dir));
        var b = Net(2);
        Checkpoint.Load(b, path);
        foreach (var ((n1, p1), (n2, p2)) in a.NamedParameters().Zip(b.NamedParameters()))
        {
            Assert.Equal(n1, n2);
            TensorAssert.Identical(p1.Value, p2.Value);
        }
        SafeTensors.Load(path, out var meta);
        Assert.Equal("7", meta["step"]);
    }

    [Fact]
    public void FileLayoutIsSafetensors()
    {
        var path = Path.Combine(_dir, "x.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["a"] = Tensor.FromArray(new float[] { 1, 2, 3 }, 3), ["b"] = Tensor.FromArray(new[] { 4, 5 }, 2) });
        var bytes = File.ReadAllBytes(path);
        long n = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, (8 + n) % 8);
        var header = System.Text.Encoding.UTF8.GetString(bytes, 8, (int)n);
        Assert.Contains("\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]}", header);
        Assert.Contains("\"b\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[12,20]}", header);
        Assert.Equal(8 + n + 20, bytes.Length);
        Assert.Equal(2f, BitConverter.ToSingle(bytes, (int)(8 + n + 4)));
    }

    [Fact]
    public void TruncatedFileNamesTheTensor()
    {
        var path = Path.Combine(_dir, "t.safetensors");
        Checkpoint.Save(Net(1), path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 10)]);
        var e = Assert.Throws<Engine.IO.InputException>(() => Checkpoint.Load(Net(1), path));
        Assert.Contains("tensor '", e.Message);
        Assert.Contains("truncated", e.Message);
        File.WriteAllBytes(path, bytes[..5]);
        Assert.Throws<Engine.IO.InputException>(() => SafeTensors.Load(path));
        File.WriteAllBytes(path, [.. BitConverter.GetBytes(4L), .. "{{{{"u8.ToArray()]);
        Assert.Contains("JSON", Assert.Throws<Engine.IO.InputException>(() => SafeTensors.Load(path)).Message);
    }

    [Fact]
    public void MismatchedShapeNamesTensorAndBothShapes()
    {
        var path = Path.Combine(_dir, "m.safetensors");
        var state = Net(1).StateDict();
        state["final_conv.1.weight"] = Tensor.Zeros([3, 8, 2]);
        SafeTensors.Save(path, state);
        var e = Assert.Throws<Engine.IO.InputException>(() => Checkpoint.Load(Net(1), path));
        Assert.Contains("final_conv.1.weight", e.Message);
        Assert.Contains("[3, 8, 1]", e.Message);
        Assert.Contains("[3, 8, 2]", e.Message);
    }

    [Fact]
    public void MissingAndUnexpectedNamesAreListed()
    {
        var path = Path.Combine(_dir, "u.safetensors");
        var state = Net(1).StateDict();
        state.Remove("time_mlp.1.bias");
        state["extra.weight"] = Tensor.Zeros([1]);
        SafeTensors.Save(path, state);
        var e = Assert.Throws<Engine.IO.InputException>(() => Checkpoint.Load(Net(1), path));
        Assert.Contains("time_mlp.1.bias", e.Message);
        Assert.Contains("extra.weight", e.Message);
        Checkpoint.Load(Net(1), path, strict: false);
    }
}
