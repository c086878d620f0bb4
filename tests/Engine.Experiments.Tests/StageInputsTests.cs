using Engine.IO;

namespace Engine.Experiments.Tests;

/// <summary>The record of a stage's input files and its comparison with the files as they are now.</summary>
public sealed class StageInputsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("engine-stage-inputs-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-1));
        return path;
    }

    [Fact]
    public void The_same_files_pass_and_a_changed_one_is_named()
    {
        string data = Write("d.hdf5", "data"), model = Write("m.safetensors", "weights");
        HashSidecar.Write(data);
        string before = ContentHash.Sha256(model);
        string recorded = new StageInputs().Data("data", data).File("model", model).Encode();
        Assert.Contains(before, recorded);
        new StageInputs().Data("data", data).File("model", model).Check(recorded, "ckpt");

        File.WriteAllText(model, "other weights");
        string after = ContentHash.Sha256(model);
        var e = Assert.Throws<Engine.IO.InputException>(() => new StageInputs().Data("data", data).File("model", model).Check(recorded, "ckpt"));
        Assert.Equal($"input changed ('{model}'): 'ckpt' was made from model with SHA-256 {before[..12]}…, the file now has {after[..12]}…; restore that file, or delete 'ckpt' to redo this stage", e.Message);
    }

    [Fact]
    public void Records_without_inputs_or_without_a_role_pass()
    {
        string model = Write("m.safetensors", "weights");
        var now = new StageInputs().File("model", model).File("guide", Write("g.safetensors", "guide"));
        now.Check(null, "legacy checkpoint");
        now.Check(new StageInputs().File("model", model).Encode(), "older record");
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"model\":{\"File\":\"m\"}}")]
    [InlineData("null")]
    public void A_damaged_record_is_refused_by_name(string recorded)
    {
        var e = Assert.Throws<Engine.IO.InputException>(() => new StageInputs().File("model", Write("m.safetensors", "w")).Check(recorded, "ckpt"));
        Assert.StartsWith("damaged input record ('ckpt')", e.Message);
    }

    [Fact]
    public void A_data_file_that_disagrees_with_its_sidecar_cannot_even_be_recorded()
    {
        string data = Write("d.hdf5", "data");
        HashSidecar.Write(data);
        File.WriteAllText(data, "dato");
        var e = Assert.Throws<Engine.IO.InputException>(() => new StageInputs().Data("data", data));
        Assert.StartsWith($"data file changed ('{data}')", e.Message);
    }
}
