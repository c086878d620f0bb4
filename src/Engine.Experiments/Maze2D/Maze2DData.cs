using Engine.Diffusion;
using Engine.Envs.Datasets;
using Engine.Envs.Maze2D;

namespace Engine.Experiments.Maze2D;

/// <summary>
/// One run seed's datasets: generated once into <c>data/</c> (D4RL HDF5 with a <c>.sha256</c> sidecar, written
/// atomically, reused when present and still matching the sidecar), split by episode into training and held-out
/// parts, and wrapped as Diffuser goal datasets in the base training data's normalisation (the expert data is
/// renormalised with it, as the authors' code does). Nothing of a held-out episode enters a training set, its
/// normaliser or its window bookkeeping.
/// </summary>
public sealed class Maze2DData
{
    public const int ObservationDim = 4, ActionDim = 2, TransitionDim = 6;

    private Maze2DData(Maze2DConfig config, Split baseSplit, IReadOnlyDictionary<MazeGoal, Split> expert)
    {
        int h = config.Diffusion.Horizon;
        SequenceDataset Make(IReadOnlyList<Episode> eps, Normalizer? o = null, Normalizer? a = null) =>
            new(eps, h, MaxPathLength(eps, h), usePadding: false, PaddingRule.MazeFork, "limits", goalConditioned: true, o, a);
        BaseTrain = Make(baseSplit.Train);
        BaseTest = Make(baseSplit.Test, BaseTrain.ObservationNormalizer, BaseTrain.ActionNormalizer);
        ExpertTrain = expert.ToDictionary(kv => kv.Key, kv => Make(kv.Value.Train, BaseTrain.ObservationNormalizer, BaseTrain.ActionNormalizer));
        ExpertTest = expert.ToDictionary(kv => kv.Key, kv => Make(kv.Value.Test, BaseTrain.ObservationNormalizer, BaseTrain.ActionNormalizer));
        EpisodeCounts = new Dictionary<string, (int, int)> { ["base"] = (baseSplit.Train.Count, baseSplit.Test.Count) };
        foreach (var (k, s) in expert) EpisodeCounts[k.FileName] = (s.Train.Count, s.Test.Count);
    }

    public SequenceDataset BaseTrain { get; }
    public SequenceDataset BaseTest { get; }
    public IReadOnlyDictionary<MazeGoal, SequenceDataset> ExpertTrain { get; }
    public IReadOnlyDictionary<MazeGoal, SequenceDataset> ExpertTest { get; }

    /// <summary>(training, held-out) episodes per dataset.</summary>
    public Dictionary<string, (int Train, int Test)> EpisodeCounts { get; }

    public Normalizer Observations => BaseTrain.ObservationNormalizer;

    // The fork pads to 1000 steps; a longer episode raises the bound of its own set only, so the length of a held-out
    // episode never changes which training windows exist.
    private static int MaxPathLength(IReadOnlyList<Episode> eps, int horizon) => Math.Max(Math.Max(1000, horizon), eps.Max(e => e.Length));

    public static string BasePath(string dataDir, Maze2DConfig c, int seed) =>
        Path.Combine(dataDir, $"{c.MazeTag}-general-{c.Data.BaseSize}-runseed{seed}.hdf5");

    public static string ExpertPath(string dataDir, Maze2DConfig c, MazeGoal goal, int seed) =>
        Path.Combine(dataDir, $"{c.MazeTag}-{goal.FileName}-{c.Data.ExpertSize}-runseed{seed}.hdf5");

    /// <summary>Generates what is missing of run seed <paramref name="seed"/>'s base data and the given goals' expert data, then loads and splits it.</summary>
    public static Maze2DData Prepare(Maze2DConfig config, string dataDir, int seed, IReadOnlyList<MazeGoal> goals, IExperimentProgress progress, CancellationToken cancel = default)
    {
        Directory.CreateDirectory(dataDir);
        var task = config.Task;
        string maze = config.MazeTag;
        Ensure(new Maze2DDatasetSpec(task, DatasetKind.General, config.Data.BaseSize, Maze2DSeeds.Stream(maze, seed, "data/base")),
            BasePath(dataDir, config, seed), $"data: base (random goals) seed {seed}", progress, cancel);
        foreach (var k in goals)
        {
            // Every file has its own stream, so no two files share episodes by construction.
            var spec = new Maze2DDatasetSpec(task, DatasetKind.Expert, config.Data.ExpertSize, Maze2DSeeds.Stream(maze, seed, "data/expert", k.Key), k.Position(task));
            Ensure(spec, ExpertPath(dataDir, config, k, seed), $"data: expert {k.Label} seed {seed}", progress, cancel);
        }
        var baseSplit = Load(BasePath(dataDir, config, seed), config.Data.TestFraction);
        var expert = goals.ToDictionary(k => k, k => Load(ExpertPath(dataDir, config, k, seed), config.Data.TestFraction));
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

    /// <summary>A file's episodes as the file rows [Start, End) they are read from: the training ones, then the held-out ones.</summary>
    public sealed record EpisodeSplit(IReadOnlyList<(int Start, int End)> Train, IReadOnlyList<(int Start, int End)> Test);

    /// <summary>
    /// Episodes as the authors' preprocessing makes them (boundaries at terminals, the last step of each dropped,
    /// episodes shorter than 2 steps skipped), then the last <paramref name="testFraction"/> of them held out.
    /// Episodes are whole units, so no held-out window shares a step with a training window.
    /// </summary>
    /// <param name="path">Named in the error when the file has too few episodes.</param>
    public static EpisodeSplit SplitEpisodes(D4rlDataset d, double testFraction, string path)
    {
        var rows = new List<(int, int)>();
        foreach (var (start, end) in d.Episodes())
            if (end - start - 1 >= 2) rows.Add((start, end - 1));
        int test = Math.Max(1, (int)Math.Round(rows.Count * testFraction));
        if (rows.Count - test < 1) throw new Engine.IO.InputException("dataset too small", Engine.IO.InputException.Location(path), $"{rows.Count} episodes are too few to hold out {testFraction:P0}");
        return new EpisodeSplit(rows[..^test], rows[^test..]);
    }

    private sealed record Split(List<Episode> Train, List<Episode> Test);

    private static Split Load(string path, double testFraction)
    {
        Engine.IO.HashSidecar.Verify(path);
        var d = D4rlHdf5.Read(path);
        if (d.ObservationDim != ObservationDim || d.ActionDim != ActionDim)
            throw new Engine.IO.InputException("not a Maze2D dataset", Engine.IO.InputException.Location(path), $"observations [{d.ObservationDim}] and actions [{d.ActionDim}] are not Maze2D's [4] and [2]");
        var split = SplitEpisodes(d, testFraction, path);
        return new Split(split.Train.Select(r => Read(d, r)).ToList(), split.Test.Select(r => Read(d, r)).ToList());
    }

    private static Episode Read(D4rlDataset d, (int Start, int End) rows)
    {
        int len = rows.End - rows.Start;
        var o = new double[len * ObservationDim];
        var a = new double[len * ActionDim];
        for (int i = 0; i < o.Length; i++) o[i] = d.Observations[rows.Start * ObservationDim + i];
        for (int i = 0; i < a.Length; i++) a[i] = d.Actions[rows.Start * ActionDim + i];
        return new Episode(o, a, len, ObservationDim, ActionDim);
    }
}
