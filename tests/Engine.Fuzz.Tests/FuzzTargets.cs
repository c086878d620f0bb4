using Engine.Envs.Datasets;
using Engine.Envs.MuJoCo.Data;
using Engine.Experiments.Maze2D;
using Engine.NN;

namespace Engine.Fuzz.Tests;

/// <summary>The file formats engine reads, each with a small valid file and the checks a successful load must pass.</summary>
internal static class FuzzTargets
{
    private static byte[] Bytes(string extension, Action<string> write)
    {
        string path = Path.Combine(Path.GetTempPath(), $"engine-fuzz-seed-{Guid.NewGuid():N}{extension}");
        try
        {
            write(path);
            return File.ReadAllBytes(path);
        }
        finally { File.Delete(path); }
    }

    /// <summary>A checkpoint-like file: float32, float64 and int32 tensors and string metadata.</summary>
    public static FuzzTarget SafeTensorsFile()
    {
        var tensors = new Dictionary<string, Tensor>
        {
            ["model.w"] = Tensor.FromArray(Enumerable.Range(0, 12).Select(i => i * 0.25f - 1).ToArray(), 3, 4),
            ["model.b"] = Tensor.FromArray(new double[] { 0.5, -2, 3 }, 3),
            ["optim.step"] = Tensor.FromArray(new[] { 7 }, 1),
        };
        var valid = Bytes(".safetensors", p => SafeTensors.Save(p, tensors, new Dictionary<string, string> { ["config"] = "{\"steps\":7}", ["losses"] = "1:0.5" }));
        return new FuzzTarget("safetensors", ".safetensors", valid, path =>
        {
            foreach (var (name, t) in SafeTensors.Load(path))
            {
                Assert.Equal(t.Shape.Aggregate(1, (a, d) => a * d), t.Numel);
                if (t.DType != DType.Int32) Assert.All(t.ToArrayDouble(), v => Assert.True(double.IsFinite(v), $"{name} holds {v}"));
            }
        }, typeof(Engine.IO.InputException));
    }

    /// <summary>A D4RL-layout HDF5 file of 40 Maze2D-like transitions with an info column.</summary>
    public static FuzzTarget Hdf5File()
    {
        const int n = 40;
        var obs = Enumerable.Range(0, n * 4).Select(i => (float)Math.Sin(i)).ToArray();
        var act = Enumerable.Range(0, n * 2).Select(i => (float)Math.Cos(i)).ToArray();
        var rewards = Enumerable.Range(0, n).Select(i => i % 3 == 0 ? 1f : 0f).ToArray();
        var terminals = Enumerable.Range(0, n).Select(i => i % 10 == 9).ToArray();
        var goal = new InfoColumn(new InfoSpec("goal", 2, StoredPrecision.Single), Enumerable.Range(0, n * 2).Select(i => (double)(i % 5)).ToArray());
        var dataset = new D4rlDataset(4, 2, obs, act, rewards, terminals, new bool[n], [goal]);
        var valid = Bytes(".hdf5", p => D4rlHdf5.Write(dataset, p));
        return new FuzzTarget("hdf5", ".hdf5", valid, path =>
        {
            var d = D4rlHdf5.Read(path, timeout: TimeSpan.FromSeconds(2));
            Assert.Equal(d.Count * d.ObservationDim, d.Observations.Length);
            Assert.Equal(d.Count * d.ActionDim, d.Actions.Length);
            Assert.Equal(d.Count, d.Rewards.Length);
            Assert.All(d.Observations, v => Assert.True(float.IsFinite(v)));
        }, typeof(Engine.IO.InputException));
    }

    /// <summary>The experiment's configuration file, as <c>--print-config</c> writes it; a loaded file must also validate or be refused by validation.</summary>
    public static FuzzTarget ConfigFile()
    {
        var valid = System.Text.Encoding.UTF8.GetBytes(new Maze2DConfig().ToJson());
        return new FuzzTarget("config", ".json", valid, path =>
        {
            var c = Maze2DConfig.Load(path).Validated();
            Assert.NotNull(c.Data);
            Assert.NotEmpty(c.Goals);
        }, typeof(Engine.IO.InputException));
    }

    /// <summary>A configuration with a point goal on a user maze (issue 24): the layout rows and goals must validate or be refused.</summary>
    public static FuzzTarget UserMazeConfigFile()
    {
        var config = new Maze2DConfig { Maze = "bend", Layout = ["#######", "#OO#OO#", "#OOOOG#", "#######"], Goals = [MazeGoal.At(1.2, 4.6), MazeGoal.At(2, 2)] };
        var valid = System.Text.Encoding.UTF8.GetBytes(config.ToJson());
        return new FuzzTarget("user-maze-config", ".json", valid, path =>
        {
            var c = Maze2DConfig.Load(path).Validated();
            var layout = c.Task.Layout;
            Assert.All(c.Goals.Where(g => !g.IsNumbered), g => Assert.Null(Engine.Envs.Maze2D.GoalPlacement.Problem(layout, g.X, g.Y)));
        }, typeof(Engine.IO.InputException));
    }

    /// <summary>A maze layout file (D4RL characters); a loaded layout is closed by walls and has free cells.</summary>
    public static FuzzTarget LayoutFile()
    {
        var valid = System.Text.Encoding.UTF8.GetBytes("#######\n#OO#OO#\n#OOOOG#\n#######\n");
        return new FuzzTarget("layout", ".txt", valid, path =>
        {
            var layout = Engine.Envs.Maze2D.MazeLayoutFile.Load(path);
            Assert.NotEmpty(layout.FreeCells);
            Assert.All(layout.FreeCells, c => Assert.True(c.Row > 0 && c.Col > 0 && c.Row < layout.Rows - 1 && c.Col < layout.Cols - 1));
        }, typeof(Engine.IO.InputException));
    }

    /// <summary>An MPC data-generation checkpoint of three episodes.</summary>
    public static FuzzTarget MpcCheckpointFile()
    {
        var episodes = Enumerable.Range(0, 3).Select(e => new MpcEpisodeRecord(e, e != 1,
            Enumerable.Range(0, 4).Select(t => Enumerable.Range(0, 6).Select(k => Math.Round(Math.Sin(e + t + k), 6)).ToArray()).ToList())).ToList();
        var checkpoint = new MpcCheckpoint(MpcCheckpoint.CurrentVersion, "walker2d", 7, MppiSettings.Default, episodes);
        var valid = Bytes(".json", checkpoint.Save);
        return new FuzzTarget("mpc-checkpoint", ".json", valid, path =>
        {
            var c = MpcCheckpoint.Load(path, "walker2d", 7, MppiSettings.Default);
            Assert.All(c.Episodes, e => Assert.All(e.Actions, a => Assert.All(a, v => Assert.True(double.IsFinite(v)))));
        }, typeof(Engine.IO.InputException));
    }
}
