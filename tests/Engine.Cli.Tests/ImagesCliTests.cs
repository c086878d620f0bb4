using System.Text.Json;

namespace Engine.Cli.Tests;

/// <summary>`engine images experiment`: every bad option or configuration ends in one error line and exit code 2, before anything is written.</summary>
[Collection("console")]
public sealed class ImagesCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("engine-images-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Theory]
    [InlineData("invalid value 'huge' (--preset)", "--preset", "huge")]
    [InlineData("invalid value '6' (--size)", "--size", "6")]
    [InlineData("invalid value '20' (--size)", "--preset", "full", "--size", "20")] // the full preset's 4 levels need a multiple of 8
    [InlineData("invalid value '0' (--chains)", "--chains", "0")]
    [InlineData("invalid value '-1' (--seed)", "--seed", "-1")]
    [InlineData("invalid value '-2' (--guide-scale)", "--guide-scale", "-2")]
    [InlineData("invalid value 'abc' (--reward-train-steps)", "--reward-train-steps", "abc")]
    [InlineData("unknown option (--bogus)", "--bogus")]
    [InlineData("invalid value 'blue' (--attribute): expected red-cross or red-shape", "--attribute", "blue")]
    [InlineData("'{dir}/bad-attribute.json' $.data.attribute", "--config", "{dir}/bad-attribute.json")]
    [InlineData("invalid value '1.5' ('{dir}/bad.json' $.data.attributeFraction)", "--config", "{dir}/bad.json")]
    [InlineData("invalid value 'small' (--preset)", "--config", "{dir}/bad.json", "--preset", "small")]
    public void Bad_options_end_in_one_error_line_and_exit_code_2(string expected, params string[] args)
    {
        File.WriteAllText(Path.Combine(_dir, "bad.json"), """{"data":{"attributeFraction":1.5}}""");
        File.WriteAllText(Path.Combine(_dir, "bad-attribute.json"), """{"data":{"attribute":"blue"}}""");
        string outDir = Path.Combine(_dir, "run");
        var (code, output, err) = EngineRunner.Run(["images", "experiment", "--out", outDir, .. args.Select(a => a.Replace("{dir}", _dir))]);
        EngineRunner.AssertOneErrorLine(code, err, expected.Replace("{dir}", _dir));
        Assert.Equal("", output);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void Print_config_shows_the_resolved_settings()
    {
        var (code, output, err) = EngineRunner.Run("images", "experiment", "--size", "32", "--chains", "7", "--print-config");
        Assert.Equal(0, code);
        Assert.Equal("", err);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(32, json.GetProperty("data").GetProperty("size").GetInt32());
        Assert.Equal(7, json.GetProperty("reward").GetProperty("chainsPerModel").GetInt32());
        Assert.Equal("red-cross", json.GetProperty("data").GetProperty("attribute").GetString());
        // The attribute round-trips through a config file and the option overrides it.
        string file = Path.Combine(_dir, "shape.json");
        File.WriteAllText(file, output.Replace("\"red-cross\"", "\"red-shape\""));
        var (_, again, _) = EngineRunner.Run("images", "experiment", "--config", file, "--print-config");
        Assert.Equal("red-shape", JsonDocument.Parse(again).RootElement.GetProperty("data").GetProperty("attribute").GetString());
        var (_, back, _) = EngineRunner.Run("images", "experiment", "--config", file, "--attribute", "red-cross", "--print-config");
        Assert.Equal("red-cross", JsonDocument.Parse(back).RootElement.GetProperty("data").GetProperty("attribute").GetString());
    }

    [Fact]
    public void The_tiny_preset_runs_end_to_end_and_writes_its_results()
    {
        string outDir = Path.Combine(_dir, "tiny");
        var (code, output, err) = EngineRunner.Run("images", "experiment", "--preset", "tiny", "--out", outDir);
        Assert.True(code == 0, err);
        Assert.Contains("AUC", output);
        foreach (var f in new[] { "results.json", "reward-grid.png", "tuples.safetensors", "scaling.safetensors", "models/base.safetensors", "models/safe.safetensors", "models/reward.safetensors" })
            Assert.True(File.Exists(Path.Combine(outDir, f)), f);
    }
}
