using Engine.Experiments.Maze2D;

namespace Engine.Cli.Tests;

/// <summary>A run folder whose files changed after they were written (a data file damaged or swapped, a checkpoint damaged): `engine maze2d` refuses it in one line naming the file, exit 2.</summary>
[Collection("console")]
public sealed class RunIntegrityCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("engine-integrity-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Maze2DConfig Tiny => TinyMazeRun.Config;

    /// <summary>A finished tiny run: (its config file, its run folder).</summary>
    private (string Config, string Run) FinishedRun()
    {
        string config = Path.Combine(_dir, "tiny.json"), run = Path.Combine(_dir, "run");
        File.WriteAllText(config, Tiny.ToJson());
        var (ok, _, okErr) = EngineRunner.Run("maze2d", "--config", config, "--out", run);
        Assert.True(ok == 0, okErr);
        return (config, run);
    }

    private static void FlipByte(string path, long position)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        fs.Position = position;
        int b = fs.ReadByte();
        fs.Position = position;
        fs.WriteByte((byte)~b);
    }

    [Fact]
    public void A_flipped_byte_in_a_data_file_ends_in_one_error_line_naming_it()
    {
        var (config, run) = FinishedRun();
        string data = Maze2DData.BasePath(Path.Combine(run, "data"), Tiny, seed: 0);
        Assert.True(File.Exists(data + ".sha256"));
        FlipByte(data, new FileInfo(data).Length / 2);
        var (code, _, err) = EngineRunner.Run("maze2d", "--config", config, "--out", run);
        EngineRunner.AssertOneErrorLine(code, err, $"error: data file changed ('{data}'): its SHA-256 is");
    }

    [Fact]
    public void A_data_file_swapped_with_its_sidecar_is_refused_by_the_checkpoint_made_from_it()
    {
        var (config, run) = FinishedRun();
        string dataDir = Path.Combine(run, "data"), data = Maze2DData.BasePath(dataDir, Tiny, seed: 0), other = Maze2DData.ExpertPath(dataDir, Tiny, 2, seed: 0);
        File.Copy(other, data, overwrite: true); // another well-formed Maze2D file, with a sidecar that matches it
        File.Copy(other + ".sha256", data + ".sha256", overwrite: true);
        var (code, _, err) = EngineRunner.Run("maze2d", "--config", config, "--out", run);
        var (_, _, why) = EngineRunner.AssertOneErrorLine(code, err, $"error: input changed ('{data}')");
        Assert.Contains(Path.Combine(run, "models", "base-seed0.safetensors"), why); // the stage that used it, and how to redo it
    }

    [Fact]
    public void A_corrupt_checkpoint_in_the_run_folder_ends_in_one_error_line_naming_it()
    {
        var (config, run) = FinishedRun();
        string checkpoint = Path.Combine(run, "models", "base-seed0.safetensors");
        FlipByte(checkpoint, 8); // the header's opening brace: the JSON header no longer parses
        var (code, _, err) = EngineRunner.Run("maze2d", "--config", config, "--out", run);
        EngineRunner.AssertOneErrorLine(code, err, $"error: corrupt safetensors file ('{checkpoint}'): header is not valid");
        Assert.Empty(Directory.GetFiles(run, "engine-crash-*")); // a user error, not a bug
    }
}
