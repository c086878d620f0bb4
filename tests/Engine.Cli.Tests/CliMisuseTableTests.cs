using System.Runtime.InteropServices;
using Engine.Envs.Datasets;

namespace Engine.Cli.Tests;

/// <summary>
/// The misuse table of issue 22: every mistake a user can make on the command line ends with exit code 2 and
/// exactly one stderr line <c>error: what (file/option): why</c> (the shape is checked for every row); nothing on
/// stdout (no help text), no stack trace, nothing written. <c>{dir}</c> in an argument stands for a scratch folder
/// holding <c>afile</c> (empty), <c>adir/</c>, the configuration files and the damaged datasets below.
/// </summary>
[Collection("console")]
public sealed class CliMisuseTableTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"engine-misuse-{Guid.NewGuid():N}");

    public CliMisuseTableTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "adir"));
        File.WriteAllBytes(Path.Combine(_dir, "afile"), []);
        foreach (var (name, json) in new[]
        {
            ("null-goals", """{"goals":null}"""),
            ("null-data", """{"data":null}"""),
            ("null-mults", """{"diffusion":{"dimMults":null}}"""),
            ("null-goal-item", """{"goals":[1,null]}"""),
            ("wrong-type", """{"diffusion":{"horizon":"long"}}"""),
            ("wrong-object", """{"reward":7}"""),
            ("too-big", """{"seeds":[99999999999]}"""),
            ("out-of-range", """{"data":{"testFraction":0.7}}"""),
            ("bad-window", """{"reward":{"windowHorizon":5}}"""),
            ("bad-maze", """{"maze":"mars"}"""),
            ("point-in-wall", """{"goals":["0,0"]}"""),
            ("bad-point", """{"goals":["1;2"]}"""),
            ("bad-layout", """{"maze":"pocket","layout":["#####","#O#O#","#####"],"goals":["1,1"]}"""),
            ("layout-name", """{"maze":"my maze","layout":["###","#O#","###"],"goals":["1,1"]}"""),
            ("unknown-member", """{"diffusion":{"bogus":1}}"""),
            ("bad-smoothing", """{"evaluation":{"smoothing":"blur"}}"""),
            ("not-json", """{"goals":[1,"""),
            ("loco-null", """{"Rollouts":null}"""),
            ("loco-type", """{"Diffusion":{"Horizon":"long"}}"""),
            ("loco-range", """{"Rollouts":{"Guidance":"bogus"}}"""),
            ("loco-unknown", """{"Rolouts":{}}"""),
        })
            File.WriteAllText(Path.Combine(_dir, name + ".json"), json);
        foreach (var (name, rows) in new[]
        {
            ("ragged", "#####\n#OOO#\n#OO#\n#####\n"),
            ("leaky", "#####\n#OOO#\n#OO##\nO####\n"),
            ("unknown-char", "#####\n#OXO#\n#####\n"),
            ("walled-in", "#####\n#O#O#\n#####\n"),
            ("no-free", "###\n###\n###\n"),
            ("two-goals", "#####\n#GOG#\n#####\n"),
            ("empty", ""),
            ("umaze", "#####\n#OOO#\n#####\n"),
            ("bend", "#######\n#OO#OO#\n#OOOOG#\n#######\n"),
        })
            File.WriteAllText(Path.Combine(_dir, name + ".txt"), rows);
        WriteDatasets();
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A valid Maze2D-like dataset cut in half, one with a NaN observation, and one without rewards.</summary>
    private void WriteDatasets()
    {
        const int n = 40;
        D4rlDataset Dataset(float first) => new(4, 2,
            Enumerable.Range(0, n * 4).Select(i => i == 0 ? first : (float)Math.Sin(i)).ToArray(),
            Enumerable.Range(0, n * 2).Select(i => (float)Math.Cos(i)).ToArray(),
            new float[n], Enumerable.Range(0, n).Select(i => i % 10 == 9).ToArray(), new bool[n], []);
        string valid = Path.Combine(_dir, "valid.hdf5");
        D4rlHdf5.Write(Dataset(0.5f), valid);
        var bytes = File.ReadAllBytes(valid);
        File.WriteAllBytes(Path.Combine(_dir, "truncated.hdf5"), bytes[..(bytes.Length / 2)]);
        D4rlHdf5.Write(Dataset(float.NaN), Path.Combine(_dir, "nan.hdf5"));
        new PureHDF.H5File { ["observations"] = new float[6, 4], ["actions"] = new float[6, 2] }.Write(Path.Combine(_dir, "no-rewards.hdf5"));
    }

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
    [InlineData("invalid value '-1' (--seeds): is negative", "maze2d", "--seeds", "-1", "--print-config")]
    [InlineData("invalid value '9' (--goals): not a paper goal number", "maze2d", "--goals", "1,9", "--print-config")]
    [InlineData("invalid value '5' (--window): must divide diffusion.horizon 64", "maze2d", "--window", "5", "--print-config")]
    [InlineData("invalid value '30' (--horizon): must be divisible by 2^(levels−1) = 4", "maze2d", "--horizon", "30", "--print-config")]
    [InlineData("invalid value '3' (--micro-batches): must be positive and divide the diffusion batch (32) and the reward batch (256)", "maze2d", "--micro-batches", "3", "--print-config")]
    [InlineData("invalid value '0' (--micro-batches)", "maze2d", "--micro-batches", "0", "--print-config")]
    [InlineData("unknown Maze2D environment 'mars' (--maze)", "maze2d", "--maze", "mars", "--print-config")]
    [InlineData("invalid value 'huge' (--preset)", "maze2d", "--preset", "huge", "--print-config")]
    [InlineData("invalid value '99' (--goal): goal numbers run from 1 to 8", "maze2d", "generate", "--maze", "umaze", "--kind", "expert", "--goal", "99", "-o", "{dir}/x.hdf5")]
    [InlineData("invalid value '0,0' (--goal): it lies in wall cell (0, 0)", "maze2d", "generate", "--maze", "umaze", "--kind", "expert", "--goal", "0,0", "-o", "{dir}/x.hdf5")]
    [InlineData("invalid value '0' (--streams)", "maze2d", "generate", "--maze", "umaze", "--streams", "0", "-o", "{dir}/x.hdf5")]
    [InlineData("invalid value '100000' (--streams)", "maze2d", "generate", "--maze", "umaze", "--size", "1k", "--streams", "100000", "-o", "{dir}/x.hdf5")]
    [InlineData("invalid value '0' (--cell)", "maze2d", "render", "--maze", "umaze", "--cell", "0", "-o", "{dir}/x.png")]
    [InlineData("invalid value '-1' (--episodes)", "maze2d", "render", "--maze", "umaze", "--episodes", "-1", "-o", "{dir}/x.png")]
    [InlineData("invalid value '0' (--steps)", "demo", "--steps", "0")]
    // configuration files: the file and the member by its JSON path
    [InlineData("invalid configuration ('{dir}/null-goals.json' $.goals): must not be null", "maze2d", "--config", "{dir}/null-goals.json", "--print-config")]
    [InlineData("invalid configuration ('{dir}/null-data.json' $.data): must not be null", "maze2d", "--config", "{dir}/null-data.json", "--print-config")]
    [InlineData("invalid configuration ('{dir}/null-mults.json' $.diffusion.dimMults): must not be null", "maze2d", "--config", "{dir}/null-mults.json", "--print-config")]
    [InlineData("invalid configuration ('{dir}/null-goal-item.json' $.goals[1]): expected a goal: a paper goal number (1-8)", "maze2d", "--config", "{dir}/null-goal-item.json", "--print-config")]
    [InlineData("invalid configuration ('{dir}/wrong-type.json' $.diffusion.horizon): expected an integer", "maze2d", "--config", "{dir}/wrong-type.json", "--print-config")]
    [InlineData("invalid configuration ('{dir}/wrong-object.json' $.reward): expected a value of type Maze2DConfig.RewardSettings", "maze2d", "--config", "{dir}/wrong-object.json", "--print-config")]
    [InlineData("invalid configuration ('{dir}/too-big.json' $.seeds[0]): expected an integer", "maze2d", "--config", "{dir}/too-big.json", "--print-config")]
    [InlineData("invalid value '0.7' ('{dir}/out-of-range.json' $.data.testFraction): must be in (0, 0.5)", "maze2d", "--config", "{dir}/out-of-range.json", "--print-config")]
    [InlineData("invalid value '5' ('{dir}/bad-window.json' $.reward.windowHorizon)", "maze2d", "--config", "{dir}/bad-window.json", "--print-config")]
    [InlineData("invalid value '3' (--window)", "maze2d", "--config", "{dir}/bad-window.json", "--window", "3", "--print-config")] // the option overrides the file
    [InlineData("unknown Maze2D environment 'mars' ('{dir}/bad-maze.json' $.maze)", "maze2d", "--config", "{dir}/bad-maze.json", "--print-config")]
    [InlineData("invalid configuration ('{dir}/unknown-member.json' $.diffusion.bogus): no such member", "maze2d", "--config", "{dir}/unknown-member.json", "--print-config")]
    [InlineData("('{dir}/bad-smoothing.json' $.evaluation.smoothing)", "maze2d", "--config", "{dir}/bad-smoothing.json", "--print-config")]
    [InlineData("invalid configuration ('{dir}/not-json.json' $.goals[1]): not valid JSON at line 1", "maze2d", "--config", "{dir}/not-json.json", "--print-config")]
    [InlineData("invalid configuration ('{dir}/afile' $): not valid JSON", "maze2d", "--config", "{dir}/afile", "--print-config")]
    [InlineData("not a file (--config '{dir}/adir'): is a folder", "maze2d", "--config", "{dir}/adir", "--print-config")]
    [InlineData("file not found (--config '{dir}/none.json')", "maze2d", "--config", "{dir}/none.json", "--print-config")]
    // output folders and files
    // goals at points and user layouts (issue 24)
    [InlineData("invalid value '0.5,1' (--goal-at): it lies in wall cell (0, 1) of maze 'umaze'; the nearest free cell is (1, 1)", "maze2d", "--goal-at", "0.5,1", "--print-config")]
    [InlineData("invalid value '2.5,1' (--goal-at): it lies in wall cell (2, 1) of maze 'umaze'; the nearest free cell is (3, 1)", "maze2d", "--goal-at", "2.5,1", "--print-config")]
    [InlineData("invalid value '9,-2' (--goal-at): it lies outside maze 'umaze' (rows 0-4, columns 0-4); the nearest free cell is (3, 1)", "maze2d", "--goal-at", "9,-2", "--print-config")]
    [InlineData("invalid value '1.1,0.7' (--goal-at): it lies 0.2 from a wall of maze 'umaze', closer than the datasets' 0.26 margin; the nearest free cell is (1, 1)", "maze2d", "--goal-at", "1.1,0.7", "--print-config")]
    [InlineData("invalid value 'north' (--goal-at): must be a point row,col", "maze2d", "--goal-at", "north", "--print-config")]
    [InlineData("invalid value '[1, 1,1]' (--goals): a goal is listed twice (a point at a paper goal is that goal)", "maze2d", "--goals", "1", "--goal-at", "1,1", "--print-config")]
    [InlineData("invalid value 'random:0' (--goals): random:N needs a count N from 1 to 64", "maze2d", "--goals", "random:0", "--print-config")]
    [InlineData("invalid value '0,0' ('{dir}/point-in-wall.json' $.goals): it lies in wall cell (0, 0) of maze 'umaze'; the nearest free cell is (1, 1)", "maze2d", "--config", "{dir}/point-in-wall.json", "--print-config")]
    [InlineData("invalid configuration ('{dir}/bad-point.json' $.goals[0]): expected a goal: a paper goal number (1-8), \"x,y\" or [x, y]", "maze2d", "--config", "{dir}/bad-point.json", "--print-config")]
    [InlineData("invalid maze layout ('{dir}/ragged.txt' line 3): the row has 4 characters, the first row 5; the grid must be rectangular", "maze2d", "--layout", "{dir}/ragged.txt", "--print-config")]
    [InlineData("invalid maze layout ('{dir}/leaky.txt' line 4, column 1): 'O' on the border; the maze must be closed by walls", "maze2d", "--layout", "{dir}/leaky.txt", "--print-config")]
    [InlineData("invalid maze layout ('{dir}/unknown-char.txt' line 2, column 3): unknown character 'X'", "maze2d", "--layout", "{dir}/unknown-char.txt", "--print-config")]
    [InlineData("invalid maze layout ('{dir}/walled-in.txt' line 2, column 4): free cell (1, 3) cannot be reached from free cell (1, 1)", "maze2d", "--layout", "{dir}/walled-in.txt", "--print-config")]
    [InlineData("invalid maze layout ('{dir}/no-free.txt' line 1): the layout has no free cell", "maze2d", "--layout", "{dir}/no-free.txt", "--print-config")]
    [InlineData("invalid maze layout ('{dir}/two-goals.txt' line 2, column 4): a second goal cell", "maze2d", "--layout", "{dir}/two-goals.txt", "--print-config")]
    [InlineData("invalid maze layout ('{dir}/empty.txt' line 1): the layout has no rows", "maze2d", "--layout", "{dir}/empty.txt", "--print-config")]
    [InlineData("invalid maze layout name ('{dir}/umaze.txt'): 'umaze' is the name of a built-in maze", "maze2d", "--layout", "{dir}/umaze.txt", "--print-config")]
    [InlineData("invalid maze layout ('{dir}/bad-layout.json' $.layout[1], column 4): free cell (1, 3) cannot be reached from free cell (1, 1)", "maze2d", "--config", "{dir}/bad-layout.json", "--print-config")]
    [InlineData("invalid value 'my maze' ('{dir}/layout-name.json' $.maze): the maze name 'my maze' may hold only letters", "maze2d", "--config", "{dir}/layout-name.json", "--print-config")]
    [InlineData("file not found (--layout '{dir}/none.txt')", "maze2d", "--layout", "{dir}/none.txt", "--print-config")]
    [InlineData("invalid value '{dir}/bend.txt' (--layout): give either --maze or --layout", "maze2d", "--maze", "umaze", "--layout", "{dir}/bend.txt", "--print-config")]
    [InlineData("invalid value '1' (--goals): maze 'bend' is a user layout with no paper goals", "maze2d", "--layout", "{dir}/bend.txt", "--goals", "1", "--print-config")]
    [InlineData("invalid value '1,3' (--goal-at): it lies in wall cell (1, 3) of maze 'bend'; the nearest free cell is (1, 2)", "maze2d", "--layout", "{dir}/bend.txt", "--goal-at", "1,3", "--print-config")]
    [InlineData("invalid maze layout ('{dir}/ragged.txt' line 3)", "maze2d", "generate", "--layout", "{dir}/ragged.txt", "-o", "{dir}/x.hdf5")]
    [InlineData("missing option (--maze): give --maze NAME or --layout FILE", "maze2d", "generate", "-o", "{dir}/x.hdf5")]
    [InlineData("invalid value '3' (--goal): maze 'bend' has no paper goals", "maze2d", "render", "--layout", "{dir}/bend.txt", "--goal", "3", "-o", "{dir}/x.png")]
    [InlineData("(--out '/proc/engine-out')", "maze2d", "--out", "/proc/engine-out")]
    [InlineData("(--out '{dir}/afile'): is a file, not a folder", "maze2d", "--out", "{dir}/afile")]
    [InlineData("(-o '{dir}/adir'): is a folder", "maze2d", "generate", "--maze", "umaze", "--size", "1k", "-o", "{dir}/adir")]
    [InlineData("(-o '/proc/engine.hdf5')", "maze2d", "generate", "--maze", "umaze", "--size", "1k", "-o", "/proc/engine.hdf5")]
    [InlineData("(-o '{dir}/none/x.hdf5'): folder", "maze2d", "generate", "--maze", "umaze", "--size", "1k", "-o", "{dir}/none/x.hdf5")]
    [InlineData("(-o '{dir}/adir'): is a folder", "maze2d", "render", "--maze", "umaze", "-o", "{dir}/adir")]
    [InlineData("(-o '/proc/engine.png')", "maze2d", "render", "--maze", "umaze", "-o", "/proc/engine.png")]
    [InlineData("cannot create the output folder (--out '{dir}/afile/ppo/umaze-goal1')", "maze2d", "ppo", "--out", "{dir}/afile/ppo")]
    [InlineData("invalid value 'quantum' (--device): unknown device", "maze2d", "--device", "quantum", "--print-config")]
    // input datasets: the file and the HDF5 dataset
    [InlineData("not a file (--dataset '{dir}/adir'): is a folder", "maze2d", "render", "--maze", "umaze", "--dataset", "{dir}/adir", "-o", "{dir}/x.png")]
    [InlineData("file not found (--dataset '{dir}/none.hdf5')", "maze2d", "render", "--maze", "umaze", "--dataset", "{dir}/none.hdf5", "-o", "{dir}/x.png")]
    [InlineData("not a readable HDF5 file ('{dir}/afile')", "maze2d", "render", "--maze", "umaze", "--dataset", "{dir}/afile", "-o", "{dir}/x.png")]
    [InlineData("HDF5 file ('{dir}/truncated.hdf5", "maze2d", "render", "--maze", "umaze", "--dataset", "{dir}/truncated.hdf5", "-o", "{dir}/x.png")]
    [InlineData("non-finite values ('{dir}/nan.hdf5' /observations): row 0 holds NaN", "maze2d", "render", "--maze", "umaze", "--dataset", "{dir}/nan.hdf5", "-o", "{dir}/x.png")]
    [InlineData("invalid D4RL dataset ('{dir}/no-rewards.hdf5' /rewards): missing", "maze2d", "render", "--maze", "umaze", "--dataset", "{dir}/no-rewards.hdf5", "-o", "{dir}/x.png")]
    // locomotion datasets and experiment: options, and the experiment's settings at the option that set them
    [InlineData("unknown environment 'ant' (--env)", "locomotion", "datasets", "--out", "{dir}/loco", "--env", "hopper,ant")]
    [InlineData("invalid value '0' (--transitions)", "locomotion", "datasets", "--out", "{dir}/loco", "--transitions", "0")]
    [InlineData("invalid value '-1' (--workers)", "locomotion", "datasets", "--out", "{dir}/loco", "--workers", "-1")]
    [InlineData("cannot write the output (--out '{dir}/afile'): is a file, not a folder", "locomotion", "datasets", "--out", "{dir}/afile")]
    [InlineData("unknown environment 'ant' (--env)", "locomotion", "experiment", "--out", "{dir}/loco", "--env", "ant")]
    [InlineData("invalid value 'bogus' (--guidance): must be code or paper", "locomotion", "experiment", "--out", "{dir}/loco", "--guidance", "bogus")]
    [InlineData("invalid value 'replay' (--base-data): must be base or medium", "locomotion", "experiment", "--out", "{dir}/loco", "--base-data", "replay")]
    [InlineData("invalid value '1' (--episodes): rollouts need at least 2 episodes", "locomotion", "experiment", "--out", "{dir}/loco", "--episodes", "1")]
    [InlineData("(--grid-tstopgrad): the ablation grid needs both", "locomotion", "experiment", "--out", "{dir}/loco", "--grid-scales", "0.1")]
    [InlineData("invalid value '999' (--grid-tstopgrad): t_stopgrad values must be in [0, 20]", "locomotion", "experiment", "--out", "{dir}/loco", "--grid-scales", "0.1", "--grid-tstopgrad", "999")]
    [InlineData("invalid value 'huge' (--preset)", "locomotion", "experiment", "--out", "{dir}/loco", "--preset", "huge")]
    [InlineData("cannot write the output (--out '{dir}/afile'): is a file, not a folder", "locomotion", "experiment", "--out", "{dir}/afile")]
    [InlineData("invalid configuration ('{dir}/loco-null.json' $.Rollouts): must not be null", "locomotion", "experiment", "--out", "{dir}/loco", "--config", "{dir}/loco-null.json")]
    [InlineData("invalid configuration ('{dir}/loco-type.json' $.Diffusion.Horizon): expected an integer", "locomotion", "experiment", "--out", "{dir}/loco", "--config", "{dir}/loco-type.json")]
    [InlineData("invalid value 'bogus' ('{dir}/loco-range.json' $.Rollouts.Guidance): must be code or paper", "locomotion", "experiment", "--out", "{dir}/loco", "--config", "{dir}/loco-range.json")]
    [InlineData("invalid value '1' (--episodes): rollouts need at least 2 episodes", "locomotion", "experiment", "--out", "{dir}/loco", "--config", "{dir}/loco-range.json", "--guidance", "paper", "--episodes", "1")] // the options override the file
    [InlineData("invalid configuration ('{dir}/loco-unknown.json' $.Rolouts): no such member", "locomotion", "experiment", "--out", "{dir}/loco", "--config", "{dir}/loco-unknown.json")]
    [InlineData("no locomotion report ('{dir}/adir'): it holds no report.json", "locomotion", "report", "{dir}/adir", "--out", "{dir}/loco")]
    [InlineData("MPC for base data (--method)", "locomotion", "generate", "--env", "hopper", "--quality", "base", "--episodes", "1", "--out", "{dir}/x.hdf5", "--method", "mpc")]
    public void Misuse_ends_in_one_error_line_and_exit_code_2(string expected, params string[] args)
    {
        var (code, output, err) = EngineRunner.Run(args.Select(a => a.Replace("{dir}", _dir)).ToArray());
        EngineRunner.AssertOneErrorLine(code, err, expected.Replace("{dir}", _dir));
        Assert.Equal("", output);
        Assert.Empty(Directory.GetFiles(_dir, "x.*")); // nothing was written
        Assert.False(Directory.Exists(Path.Combine(_dir, "loco"))); // not even an output folder
    }

    [Theory]
    [InlineData("", "maze2d", "--out", "{run}")]
    [InlineData("umaze-goal1", "maze2d", "ppo", "--out", "{run}")]
    public void A_second_run_into_a_folder_in_use_is_refused_before_any_output(string lockedFolder, params string[] args)
    {
        string run = Path.Combine(_dir, "run"), locked = Path.Combine(run, lockedFolder);
        Directory.CreateDirectory(locked);
        using (Engine.IO.RunFolderLock.Acquire(locked))
        {
            var (code, output, err) = EngineRunner.Run(args.Select(a => a.Replace("{run}", run)).ToArray());
            var (what, where, why) = EngineRunner.AssertOneErrorLine(code, err, $"run folder in use ('{locked}')");
            Assert.Equal(("run folder in use", $"'{locked}'"), (what, where));
            Assert.Contains(Engine.IO.RunFolderLock.FileName, why);
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
