namespace Engine.Cli.Tests;

/// <summary>Bad input to `engine maze2d` and `engine locomotion` ends with one line on stderr and exit code 2, never a stack trace.</summary>
[Collection("console")]
public class CommandLineErrorTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => EngineRunner.Run(args);

    [Theory]
    [InlineData("unknown Maze2D environment 'mars' (--maze)", "maze2d", "--maze", "mars", "--print-config")]
    [InlineData("invalid value '5' (--window): must divide diffusion.horizon 64", "maze2d", "--window", "5", "--print-config")]
    [InlineData("invalid value 'one' (--goals): must be all, random:N or a comma-separated list of integers", "maze2d", "--goals", "one", "--print-config")]
    [InlineData("invalid value 'quantum' (--device): unknown device", "maze2d", "--device", "quantum", "--print-config")]
    [InlineData("file not found (--config '/nonexistent/engine.json')", "maze2d", "--config", "/nonexistent/engine.json", "--print-config")]
    [InlineData("invalid value 'foo' (--method): expected ars or mpc", "locomotion", "generate", "--env", "walker2d", "--quality", "expert", "--episodes", "1", "--out", "unused.hdf5", "--method", "foo")]
    [InlineData("invalid value '1' (--mpc-samples): must be 2 or more", "locomotion", "generate", "--env", "walker2d", "--quality", "expert", "--episodes", "1", "--out", "unused.hdf5", "--mpc-samples", "1")]
    [InlineData("MPC for base data (--method): MPC plans expert episodes only", "locomotion", "generate", "--env", "hopper", "--quality", "base", "--episodes", "1", "--out", "unused.hdf5", "--method", "mpc")]
    [InlineData("unknown environment 'ant' (--env)", "locomotion", "generate", "--env", "ant", "--quality", "expert", "--episodes", "1", "--out", "unused.hdf5")]
    [InlineData("invalid value '0' (--transitions): must be 1 or more", "locomotion", "datasets", "--out", "unused", "--transitions", "0")]
    [InlineData("invalid value '-3' (--expert-episodes): must be 1 or more", "locomotion", "datasets", "--out", "unused", "--expert-episodes", "-3")]
    [InlineData("unknown environment 'ant' (--env)", "locomotion", "datasets", "--out", "unused", "--env", "hopper,ant")]
    [InlineData("invalid value '-1' (--workers): must be 0", "locomotion", "datasets", "--out", "unused", "--workers", "-1")]
    [InlineData("invalid value '0.1,x' (--grid-scales): must be a comma-separated list of numbers", "locomotion", "experiment", "--out", "unused", "--grid-scales", "0.1,x", "--grid-tstopgrad", "1")]
    [InlineData("(--grid-tstopgrad): the ablation grid needs both", "locomotion", "experiment", "--out", "unused", "--grid-scales", "0.1")]
    [InlineData("invalid value 'huge' (--preset): expected small, table or paper", "locomotion", "experiment", "--out", "unused", "--preset", "huge")]
    [InlineData("missing option (--from)", "maze2d", "ppo", "--reward", "window", "--out", "unused")]
    [InlineData("run folder not found (--from '/nonexistent/run')", "maze2d", "ppo", "--reward", "shaping", "--from", "/nonexistent/run", "--out", "unused")]
    [InlineData("invalid value '9' (--goal): a paper goal number is 1–8", "maze2d", "ppo", "--goal", "9", "--out", "unused")]
    [InlineData("invalid value 'dense' (--reward): expected true, window, window-clipped, shaping or position", "maze2d", "ppo", "--reward", "dense", "--out", "unused")]
    public void Bad_input_is_one_line_and_exit_code_2(string expected, params string[] args)
    {
        var (code, _, err) = Run(args);
        EngineRunner.AssertOneErrorLine(code, err, expected);
    }

    [Fact]
    public void A_malformed_config_names_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"engine-bad-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{ \"maze\": \"umaze\", \"diffusion\": { \"horizon\": \"long\" } }");
        try
        {
            var (code, _, err) = Run("maze2d", "--config", path, "--print-config");
            Assert.Equal(2, code);
            Assert.Contains(path, err);
            Assert.Contains("horizon", err);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void The_resolved_configuration_reflects_the_options()
    {
        var (code, output, _) = Run("maze2d", "--maze", "medium", "--goals", "2,5", "--seeds", "3", "--size", "20k", "--print-config");
        Assert.Equal(0, code);
        var c = System.Text.Json.JsonSerializer.Deserialize<Engine.Experiments.Maze2D.Maze2DConfig>(output, Engine.Experiments.Maze2D.Maze2DConfig.Json)!;
        Assert.Equal("medium", c.Maze);
        Assert.Equal([2, 5], c.Goals);
        Assert.Equal([3], c.Seeds);
        Assert.Equal(20_000, c.Data.BaseSize);
    }
}
