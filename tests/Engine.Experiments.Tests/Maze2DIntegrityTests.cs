using System.Text.Json;
using Engine.Experiments.Maze2D;
using Engine.IO;
using Engine.NN;

namespace Engine.Experiments.Tests;

/// <summary>One tiny maze run, made once; each test damages its own copy.</summary>
public sealed class TinyMazeRun : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("engine-integrity-maze-").FullName;
    public Maze2DResults Results { get; }
    public TinyMazeRun() => Results = new Maze2DExperiment(Maze2DPipelineTests.Tiny, Folder).Run();
    public void Dispose() => Directory.Delete(Folder, true);
}

/// <summary>
/// Issue 22's integrity in the maze experiment: every data file has a sidecar, every stage records the SHA-256 of
/// the files it read, and a rerun refuses, by name, a data file or an upstream checkpoint that changed since.
/// </summary>
public sealed class Maze2DIntegrityTests(TinyMazeRun run) : IClassFixture<TinyMazeRun>
{
    private static readonly Maze2DConfig Config = Maze2DPipelineTests.Tiny;

    private static string BaseData(string dir) => Maze2DData.BasePath(Path.Combine(dir, "data"), Config, seed: 0);
    private static string ExpertData(string dir) => Maze2DData.ExpertPath(Path.Combine(dir, "data"), Config, goal: 2, seed: 0);

    private static Dictionary<string, JsonElement> Inputs(string checkpoint) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(SafeTensors.ReadMetadata(checkpoint)[StageInputs.MetadataKey])!;

    private static void Rerun(string dir, Action<string> check)
    {
        try { check(dir); }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Every_data_file_has_a_matching_sidecar_and_every_stage_records_its_inputs()
    {
        var data = Directory.GetFiles(Path.Combine(run.Folder, "data"), "*.hdf5");
        Assert.Equal(2, data.Length);
        foreach (var file in data)
            Assert.Equal($"{ContentHash.Sha256(file)}  {Path.GetFileName(file)}\n", File.ReadAllText(file + ".sha256"));

        string models = Path.Combine(run.Folder, "models"), goal = Path.Combine(run.Folder, "goal2", "seed0");
        Assert.Equal(ContentHash.Sha256(BaseData(run.Folder)), Inputs(Path.Combine(models, "base-seed0.safetensors"))["data"].GetProperty("Sha256").GetString());
        Assert.Equal(ContentHash.Sha256(ExpertData(run.Folder)), Inputs(Path.Combine(models, "expert-goal2-seed0.safetensors"))["data"].GetProperty("Sha256").GetString());
        var reward = Inputs(Path.Combine(goal, "reward.safetensors"));
        Assert.Equal(["data: base", "data: expert", "model: base", "model: expert"], reward.Keys.Order());
        Assert.Equal(ContentHash.Sha256(Path.Combine(models, "base-seed0.safetensors")), reward["model: base"].GetProperty("Sha256").GetString());
        Assert.Equal(["data: base", "data: expert", "model: base"], Inputs(Path.Combine(goal, "discriminator.safetensors")).Keys.Order());
    }

    [Fact]
    public void An_untouched_rerun_reuses_everything()
    {
        Rerun(RunFolderDamage.Copy(run.Folder), dir =>
        {
            var checkpoints = Directory.GetFiles(dir, "*.safetensors", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);
            var log = new RunFolderDamage.Log();
            var again = new Maze2DExperiment(Config, dir, log).Run();
            Assert.Equal(run.Results.Runs[0].Discriminability, again.Runs[0].Discriminability);
            Assert.Equal(4, log.Lines.Count(l => l.Contains("complete in")));
            Assert.Equal(2, log.Lines.Count(l => l.Contains("reusing")));
            foreach (var (file, bytes) in checkpoints) Assert.Equal(bytes, File.ReadAllBytes(file));
        });
    }

    [Fact]
    public void A_flipped_bit_in_a_data_file_is_refused_by_name()
    {
        Rerun(RunFolderDamage.Copy(run.Folder), dir =>
        {
            RunFolderDamage.FlipBit(ExpertData(dir));
            var e = Assert.Throws<Engine.IO.InputException>(() => new Maze2DExperiment(Config, dir).Run());
            Assert.StartsWith($"data file changed ('{ExpertData(dir)}')", e.Message);
            Assert.DoesNotContain('\n', e.Message);
        });
    }

    [Fact]
    public void A_data_file_swapped_together_with_its_sidecar_is_refused_by_the_checkpoint_made_from_it()
    {
        Rerun(RunFolderDamage.Copy(run.Folder), dir =>
        {
            File.Copy(ExpertData(dir), BaseData(dir), overwrite: true);
            File.Copy(ExpertData(dir) + ".sha256", BaseData(dir) + ".sha256", overwrite: true);
            var e = Assert.Throws<Engine.IO.InputException>(() => new Maze2DExperiment(Config, dir).Run());
            Assert.StartsWith($"input changed ('{BaseData(dir)}'): '{Path.Combine(dir, "models", "base-seed0.safetensors")}' was made from data", e.Message);
        });
    }

    [Fact]
    public void A_swapped_upstream_checkpoint_is_refused_by_the_stage_that_used_it()
    {
        Rerun(RunFolderDamage.Copy(run.Folder), dir =>
        {
            string expert = Path.Combine(dir, "models", "expert-goal2-seed0.safetensors");
            RunFolderDamage.SwapWeights(expert); // the expert stage itself still accepts it: same configuration, same data
            var e = Assert.Throws<Engine.IO.InputException>(() => new Maze2DExperiment(Config, dir).Run());
            Assert.StartsWith($"input changed ('{expert}'): '{Path.Combine(dir, "goal2", "seed0", "reward.safetensors")}' was made from model: expert", e.Message);
            Assert.DoesNotContain('\n', e.Message);
        });
    }

    [Fact]
    public void A_data_file_from_before_sidecars_is_adopted()
    {
        Rerun(RunFolderDamage.Copy(run.Folder), dir =>
        {
            File.Delete(BaseData(dir) + ".sha256");
            var log = new RunFolderDamage.Log();
            new Maze2DExperiment(Config, dir, log).Run();
            Assert.True(HashSidecar.Matches(BaseData(dir)));
            Assert.Contains(log.Lines, l => l.Contains("SHA-256 recorded in"));
        });
    }
}
