using Engine.Diffusion;
using Engine.Envs.Datasets;
using Engine.Envs.Maze2D;

namespace Engine.Experiments.Maze2D;

/// <summary>
/// The experiment's datasets: generated once into <c>data/</c> (D4RL HDF5 with a <c>.sha256</c> sidecar, written
/// atomically, reused when present and still matching the sidecar), split by episode into training and held-out parts, and wrapped as Diffuser goal datasets in the
/// base data's normalisation (the expert data is renormalised with it, as the authors' code does).
/// </summary>
public sealed class Maze2DData
{
    public const int ObservationDim = 4, ActionDim = 2, TransitionDim = 6;

    private Maze2DData(Maze2DConfig config, Split baseSplit, IReadOnlyDictionary<int, Split> expert)
    {
        int h = config.Diffusion.Horizon;
        int maxLen = Math.Max(1000, baseSplit.All.Concat(expert.Values.SelectMany(s => s.All)).Max(e => e.Length));
        maxLen = Math.Max(maxLen, h);
        SequenceDataset Make(IReadOnlyList<Episode> eps, Normalizer? o = null, Normalizer? a = null) =>
            new(eps, h, maxLen, usePadding: false, PaddingRule.MazeFork, "limits", goalConditioned: true, o, a);
        BaseTrain = Make(baseSplit.Train);
        BaseTest = Make(baseSplit.Test, BaseTrain.ObservationNormalizer, BaseTrain.ActionNormalizer);
        ExpertTrain = expert.ToDictionary(kv => kv.Key, kv => Make(kv.Value.Train, BaseTrain.ObservationNormalizer, BaseTrain.ActionNormalizer));
        ExpertTest = expert.ToDictionary(kv => kv.Key, kv => Make(kv.Value.Test, BaseTrain.ObservationNormalizer, BaseTrain.ActionNormalizer));
        EpisodeCounts = new Dictionary<string, (int, int)> { ["base"] = (baseSplit.Train.Count, baseSplit.Test.Count) };
        foreach (var (k, s) in expert) EpisodeCounts[$"goal{k}"] = (s.Train.Count, s.Test.Count);
    }

    public SequenceDataset BaseTrain { get; }
    public SequenceDataset BaseTest { get; }
    public IReadOnlyDictionary<int, SequenceDataset> ExpertTrain { get; }
    public IReadOnlyDictionary<int, SequenceDataset> ExpertTest { get; }

    /// <summary>(training, held-out) episodes per dataset.</summary>
    public Dictionary<string, (int Train, int Test)> EpisodeCounts { get; }

    public Normalizer Observations => BaseTrain.ObservationNormalizer;

    public static string BasePath(string dataDir, Maze2DConfig c) =>
        Path.Combine(dataDir, $"{c.Task.Layout.Name}-general-{c.Data.BaseSize}-seed{c.DataSeed}.hdf5");

    public static string ExpertPath(string dataDir, Maze2DConfig c, int goal) =>
        Path.Combine(dataDir, $"{c.Task.Layout.Name}-goal{goal}-{c.Data.ExpertSize}-seed{c.DataSeed}.hdf5");

    /// <summary>Generates what is missing, then loads and splits everything.</summary>
    public static Maze2DData Prepare(Maze2DConfig config, string dataDir, IExperimentProgress progress, CancellationToken cancel = default)
    {
        Directory.CreateDirectory(dataDir);
        var task = config.Task;
        Ensure(new Maze2DDatasetSpec(task, DatasetKind.General, config.Data.BaseSize, (ulong)config.DataSeed), BasePath(dataDir, config), "data: base (random goals)", progress, cancel);
        foreach (var k in config.Goals)
        {
            // Expert streams get their own seed per goal so that no two files share episodes by construction.
            var spec = new Maze2DDatasetSpec(task, DatasetKind.Expert, config.Data.ExpertSize, (ulong)config.DataSeed * 1000 + (ulong)k, PaperGoals.Goal(task, k));
            Ensure(spec, ExpertPath(dataDir, config, k), $"data: expert goal {k}", progress, cancel);
        }
        var baseSplit = Load(BasePath(dataDir, config), config.Data.TestFraction);
        var expert = config.Goals.ToDictionary(k => k, k => Load(ExpertPath(dataDir, config, k), config.Data.TestFraction));
        return new Maze2DData(config, baseSplit, expert);
    }

    private static void Ensure(Maze2DDatasetSpec spec, string path, string stage, IExperimentProgress progress, CancellationToken cancel)
    {
        if (File.Exists(path))
        {
            if (Engine.IO.HashSidecar.Read(path) is null)
            {
                // Written before sidecars existed, or the writer died between the data file and its sidecar (both renames are atomic).
                Engine.IO.HashSidecar.Write(path);
                progress.Log($"{stage}: reusing {path}; its SHA-256 recorded in {Path.GetFileName(Engine.IO.HashSidecar.PathOf(path))}");
                return;
            }
            Engine.IO.HashSidecar.Verify(path); // a damaged or swapped file is refused by name
            progress.Log($"{stage}: reusing {path}");
            return;
        }
        progress.Begin(stage, spec.Size);
        Maze2DDatasetGenerator.Generate(spec, path, new CallbackProgress<GenerationProgress>(p => progress.Report(p.Written, $"{p.Episodes} episodes")), cancel);
        progress.End();
    }

    private sealed record Split(List<Episode> Train, List<Episode> Test)
    {
        public IEnumerable<Episode> All => Train.Concat(Test);
    }

    /// <summary>
    /// Episodes as the authors' preprocessing makes them (boundaries at terminals, the last step of each
    /// dropped), then the last <paramref name="testFraction"/> of them held out. Episodes are whole units,
    /// so no held-out window shares a step with a training window.
    /// </summary>
    private static Split Load(string path, double testFraction)
    {
        Engine.IO.HashSidecar.Verify(path);
        var d = D4rlHdf5.Read(path);
        if (d.ObservationDim != ObservationDim || d.ActionDim != ActionDim)
            throw new Engine.IO.InputException("not a Maze2D dataset", Engine.IO.InputException.Location(path), $"observations [{d.ObservationDim}] and actions [{d.ActionDim}] are not Maze2D's [4] and [2]");
        var episodes = new List<Episode>();
        foreach (var (start, end) in d.Episodes())
        {
            int len = end - start - 1;
            if (len < 2) continue;
            var o = new double[len * ObservationDim];
            var a = new double[len * ActionDim];
            for (int i = 0; i < o.Length; i++) o[i] = d.Observations[start * ObservationDim + i];
            for (int i = 0; i < a.Length; i++) a[i] = d.Actions[start * ActionDim + i];
            episodes.Add(new Episode(o, a, len, ObservationDim, ActionDim));
        }
        int test = Math.Max(1, (int)Math.Round(episodes.Count * testFraction));
        if (episodes.Count - test < 1) throw new Engine.IO.InputException("dataset too small", Engine.IO.InputException.Location(path), $"{episodes.Count} episodes are too few to hold out {testFraction:P0}");
        return new Split(episodes[..^test], episodes[^test..]);
    }
}
