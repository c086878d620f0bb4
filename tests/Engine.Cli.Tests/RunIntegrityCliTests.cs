using Engine.Experiments.Maze2D;

namespace Engine.Cli.Tests;

/// <summary>A run folder whose data file changed after it was written: `engine maze2d` refuses it in one line, exit 2.</summary>
[Collection("console")]
public sealed class RunIntegrityCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("engine-integrity-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A run of about a second: tiny models and few steps.</summary>
    private static Maze2DConfig Tiny => new()
    {
        Maze = "umaze",
        Goals = [2],
        Data = new Maze2DConfig.DataSettings { BaseSize = 3000, ExpertSize = 3000 },
        Diffusion = new Maze2DConfig.DiffusionSettings { Horizon = 16, Steps = 5, Dim = 8, DimMults = [1, 2], BatchSize = 8, TrainSteps = 12, StepStartEma = 4, UpdateEmaEvery = 2 },
        Reward = new Maze2DConfig.RewardSettings { WindowHorizon = 4, DimMults = [4], BatchSize = 16, TrainSteps = 12, PairPool = 64, StepStartEma = 4, UpdateEmaEvery = 2 },
        Discriminator = new Maze2DConfig.DiscriminatorSettings { Enabled = false },
        Evaluation = new Maze2DConfig.EvaluationSettings { HeatmapSequences = 100, DiscriminabilitySamples = 40, SteeringSamples = 0 },
        CheckpointEvery = 4,
    };

    [Fact]
    public void A_flipped_byte_in_a_data_file_ends_in_one_error_line_naming_it()
    {
        string config = Path.Combine(_dir, "tiny.json"), run = Path.Combine(_dir, "run");
        File.WriteAllText(config, Tiny.ToJson());
        var (ok, _, okErr) = EngineRunner.Run("maze2d", "--config", config, "--out", run);
        Assert.True(ok == 0, okErr);

        string data = Maze2DData.BasePath(Path.Combine(run, "data"), Tiny, seed: 0);
        Assert.True(File.Exists(data + ".sha256"));
        using (var fs = new FileStream(data, FileMode.Open, FileAccess.ReadWrite))
        {
            fs.Position = fs.Length / 2;
            int b = fs.ReadByte();
            fs.Position = fs.Length / 2;
            fs.WriteByte((byte)~b);
        }
        var (code, _, err) = EngineRunner.Run("maze2d", "--config", config, "--out", run);
        EngineRunner.AssertOneErrorLine(code, err, $"error: data file changed ('{data}')");
    }
}
