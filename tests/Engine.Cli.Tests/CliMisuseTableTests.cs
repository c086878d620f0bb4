using System.Runtime.InteropServices;

namespace Engine.Cli.Tests;

/// <summary>
/// The misuse table of issue 22: every mistake a user can make on the command line ends with exit code 2 and
/// exactly one stderr line <c>error: what (file/option): why</c>; nothing on stdout (no help text), no stack trace.
/// <c>{dir}</c> in an argument stands for a scratch folder holding <c>afile</c> (empty), <c>adir/</c> and the configs below.
/// </summary>
[Collection("console")]
public sealed class CliMisuseTableTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"engine-misuse-{Guid.NewGuid():N}");

    public CliMisuseTableTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "adir"));
        File.WriteAllBytes(Path.Combine(_dir, "afile"), []);
        File.WriteAllText(Path.Combine(_dir, "null-goals.json"), """{"goals":null}""");
        File.WriteAllText(Path.Combine(_dir, "null-data.json"), """{"data":null}""");
        File.WriteAllText(Path.Combine(_dir, "null-mults.json"), """{"diffusion":{"dimMults":null}}""");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // /proc refuses new entries even to root, so it stands for a folder that cannot be written.
    [Theory]
    // the parser's own errors
    [InlineData("unknown command or argument (bogus)", "bogus")]
    [InlineData("unknown option (--bogus-flag)", "maze2d", "--bogus-flag")]
    [InlineData("missing value (--out)", "maze2d", "--out")]
    [InlineData("invalid value 'abc' (--diffusion-steps)", "maze2d", "--diffusion-steps", "abc")]
    [InlineData("invalid value '99999999999' (--diffusion-steps)", "maze2d", "--diffusion-steps", "99999999999")]
    [InlineData("invalid value '-1' (--seed)", "maze2d", "generate", "--maze", "umaze", "-o", "{dir}/x.hdf5", "--seed", "-1")]
    [InlineData("invalid value 'abc' (--steps)", "demo", "--steps", "abc")]
    [InlineData("missing command (engine)")]
    [InlineData("missing command (engine locomotion)", "locomotion")]
    [InlineData("missing option (--output)", "maze2d", "generate", "--maze", "umaze")]
    [InlineData("missing argument (returns)", "maze2d", "score", "--maze", "umaze")]
    // values the parser accepts but the commands refuse
    [InlineData("invalid value '99999999999' (--goals)", "maze2d", "--goals", "99999999999", "--print-config")]
    [InlineData("invalid value '99999999999' (--seeds)", "maze2d", "--seeds", "99999999999", "--print-config")]
    [InlineData("seeds: -1 is negative", "maze2d", "--seeds", "-1", "--print-config")]
    [InlineData("invalid value '99' (--goal): goal numbers run from 1 to 8", "maze2d", "generate", "--maze", "umaze", "--kind", "expert", "--goal", "99", "-o", "{dir}/x.hdf5")]
    [InlineData("invalid value '0' (--streams)", "maze2d", "generate", "--maze", "umaze", "--streams", "0", "-o", "{dir}/x.hdf5")]
    [InlineData("invalid value '100000' (--streams)", "maze2d", "generate", "--maze", "umaze", "--size", "1k", "--streams", "100000", "-o", "{dir}/x.hdf5")]
    [InlineData("invalid value '0' (--cell)", "maze2d", "render", "--maze", "umaze", "--cell", "0", "-o", "{dir}/x.png")]
    [InlineData("invalid value '-1' (--episodes)", "maze2d", "render", "--maze", "umaze", "--episodes", "-1", "-o", "{dir}/x.png")]
    [InlineData("invalid value '0' (--steps)", "demo", "--steps", "0")]
    // configuration files
    [InlineData("$.goals must not be null", "maze2d", "--config", "{dir}/null-goals.json", "--print-config")]
    [InlineData("$.data must not be null", "maze2d", "--config", "{dir}/null-data.json", "--print-config")]
    [InlineData("$.diffusion.dimMults must not be null", "maze2d", "--config", "{dir}/null-mults.json", "--print-config")]
    [InlineData("not a file (--config '{dir}/adir'): is a folder", "maze2d", "--config", "{dir}/adir", "--print-config")]
    [InlineData("file not found (--config '{dir}/none.json')", "maze2d", "--config", "{dir}/none.json", "--print-config")]
    // output folders and files
    [InlineData("(--out '/proc/engine-out')", "maze2d", "--out", "/proc/engine-out")]
    [InlineData("(--out '{dir}/afile'): is a file, not a folder", "maze2d", "--out", "{dir}/afile")]
    [InlineData("(-o '{dir}/adir'): is a folder", "maze2d", "generate", "--maze", "umaze", "--size", "1k", "-o", "{dir}/adir")]
    [InlineData("(-o '/proc/engine.hdf5')", "maze2d", "generate", "--maze", "umaze", "--size", "1k", "-o", "/proc/engine.hdf5")]
    [InlineData("(-o '{dir}/none/x.hdf5'): folder", "maze2d", "generate", "--maze", "umaze", "--size", "1k", "-o", "{dir}/none/x.hdf5")]
    [InlineData("(-o '{dir}/adir'): is a folder", "maze2d", "render", "--maze", "umaze", "-o", "{dir}/adir")]
    [InlineData("(-o '/proc/engine.png')", "maze2d", "render", "--maze", "umaze", "-o", "/proc/engine.png")]
    // input datasets
    [InlineData("not a file (--dataset '{dir}/adir'): is a folder", "maze2d", "render", "--maze", "umaze", "--dataset", "{dir}/adir", "-o", "{dir}/x.png")]
    [InlineData("file not found (--dataset '{dir}/none.hdf5')", "maze2d", "render", "--maze", "umaze", "--dataset", "{dir}/none.hdf5", "-o", "{dir}/x.png")]
    [InlineData("'{dir}/afile' is not a readable HDF5 file", "maze2d", "render", "--maze", "umaze", "--dataset", "{dir}/afile", "-o", "{dir}/x.png")]
    public void Misuse_ends_in_one_error_line_and_exit_code_2(string expected, params string[] args)
    {
        var (code, output, err) = EngineRunner.Run(args.Select(a => a.Replace("{dir}", _dir)).ToArray());
        EngineRunner.AssertOneErrorLine(code, err, expected.Replace("{dir}", _dir));
        Assert.Equal("", output);
        Assert.Empty(Directory.GetFiles(_dir, "x.*")); // nothing was written
    }

    [Fact]
    public void A_second_run_into_a_folder_in_use_is_refused_before_any_output()
    {
        string run = Path.Combine(_dir, "run");
        Directory.CreateDirectory(run);
        using (Engine.IO.RunFolderLock.Acquire(run))
        {
            var (code, output, err) = EngineRunner.Run("maze2d", "--out", run);
            EngineRunner.AssertOneErrorLine(code, err, $"run folder in use ('{run}')");
            Assert.Equal("", output); // not even the configuration
        }
    }

    [Fact]
    public void Help_is_printed_on_help_only_and_wins_over_parse_errors()
    {
        var (code, output, err) = EngineRunner.Run("maze2d", "--bogus-flag", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--goals", output);
        Assert.Equal("", err);
    }

    [Theory]
    [InlineData("folder", "is a folder")]
    [InlineData("not-mujoco", "is not libmujoco")]
    [InlineData("missing", "does not exist")]
    public void A_wrong_MUJOCO_LIBRARY_is_named_in_one_line(string kind, string expected)
    {
        // A real shared library that is not MuJoCo: the runtime's own native helper.
        string library = kind switch
        {
            "folder" => _dir,
            "not-mujoco" => Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "libSystem.Native.so"),
            _ => Path.Combine(_dir, "libmujoco.so"),
        };
        var (code, _, err) = EngineRunner.RunProcess(new Dictionary<string, string> { ["MUJOCO_LIBRARY"] = library },
            "locomotion", "render", "--env", "hopper", "--out", Path.Combine(_dir, "x.png"));
        EngineRunner.AssertOneErrorLine(code, err, expected);
        Assert.Contains(library, err);
    }
}
