using Engine.Envs.Datasets;
using Engine.Envs.MuJoCo.Locomotion;
using Engine.Experiments.Locomotion;
using Engine.RL;

namespace Engine.Experiments.Tests;

/// <summary>The locomotion dataset suite on small budgets: quality ordering, determinism over workers, caching and resume.</summary>
public class LocomotionDatasetSuiteTests
{
    /// <summary>Hopper's ARS on a budget of seconds: 40 iterations, 3000-transition datasets.</summary>
    private static LocomotionDatasetPlan SmallHopper => LocomotionDatasetPlan.Default(LocomotionKind.Hopper) with
    {
        ArsMaxIterations = 40,
        EvaluationEpisodes = 2,
        SelectionCandidates = 2,
        SelectionEpisodes = 3,
        MinTransitions = 3000,
        MinExpertEpisodes = 4,
        MediumScore = 10,
    };

    /// <summary>Walker2d's PPO on a budget of seconds (6 iterations of 4 × 32 steps).</summary>
    private static LocomotionDatasetPlan TinyWalker => LocomotionDatasetPlan.Default(LocomotionKind.Walker2d) with
    {
        Ppo = new PpoSettings { Environments = 4, StepsPerRollout = 32, Minibatches = 4, Epochs = 2, TotalSteps = 6 * 128, Hidden = "16,16" },
        PpoEvaluateEvery = 2,
        EvaluationEpisodes = 2,
        SelectionCandidates = 2,
        SelectionEpisodes = 2,
        MinTransitions = 600,
        MinExpertEpisodes = 2,
        MediumMargin = 0,
    };

    private static string TempDir() => Directory.CreateTempSubdirectory("engine-locodata-").FullName;

    private static byte[][] Files(string dir, LocomotionKind kind) =>
        Enum.GetValues<LocomotionDatasetKind>().Select(k => File.ReadAllBytes(Path.Combine(dir, LocomotionDatasetSuite.FileName(kind, k, "hdf5")))).ToArray();

    [MuJoCoFact]
    public void ExpertBeatsBaseByAWideMarginAndFilesAreTheSameWhateverTheWorkerCount()
    {
        string a = TempDir(), b = TempDir();
        try
        {
            var summaries = new LocomotionDatasetSuite(a, seed: 1, workers: 2, SilentProgress.Instance).Run(SmallHopper);
            new LocomotionDatasetSuite(b, seed: 1, workers: 1, SilentProgress.Instance).Run(SmallHopper);
            Assert.Equal(Files(a, LocomotionKind.Hopper), Files(b, LocomotionKind.Hopper));

            var expert = summaries.Single(s => s.Dataset == "expert");
            var base_ = summaries.Single(s => s.Dataset == "base");
            Assert.True(expert.Transitions >= 3000 && expert.Episodes >= 4);
            Assert.True(base_.Transitions >= 3000);
            Assert.True(expert.NormalizedScore.Mean > base_.NormalizedScore.Mean + 15 && expert.NormalizedScore.Mean > 2 * base_.NormalizedScore.Mean,
                $"expert {expert.NormalizedScore.Mean:F1} vs base {base_.NormalizedScore.Mean:F1}");

            // The file is the D4RL layout with one row per transition, and its summary matches it.
            var data = D4rlHdf5.Read(Path.Combine(a, expert.File));
            Assert.Equal(expert.Transitions, data.Count);
            Assert.Equal(expert.Episodes, Enumerable.Range(0, data.Count).Count(i => data.Terminals[i] || data.Timeouts[i]));
            Assert.True(File.Exists(Path.Combine(a, "hopper-expert.png")) && File.Exists(Path.Combine(a, "hopper-base.json")));
            FigureAudit.Check(a, atLeast: 3); // a score histogram per dataset
            Assert.Equal(expert.Histogram.Sum(), expert.Episodes);
        }
        finally { Directory.Delete(a, true); Directory.Delete(b, true); }
    }

    [MuJoCoFact]
    public void AnInterruptedRunResumesToTheSameFilesAndAFinishedOneIsCached()
    {
        string straight = TempDir(), broken = TempDir();
        try
        {
            new LocomotionDatasetSuite(straight, seed: 2, workers: 2, SilentProgress.Instance).Run(TinyWalker);

            // Killed during PPO (after its iteration-4 checkpoint), then killed again after the expert file.
            Assert.Throws<OperationCanceledException>(() =>
                new LocomotionDatasetSuite(broken, seed: 2, workers: 2, new StopAt("PPO", 5)).Run(TinyWalker));
            Assert.True(File.Exists(Path.Combine(broken, "checkpoints", "walker2d.ppo.safetensors")));
            Assert.Throws<OperationCanceledException>(() =>
                new LocomotionDatasetSuite(broken, seed: 2, workers: 2, new StopAt("medium data", 1)).Run(TinyWalker));
            Assert.True(File.Exists(Path.Combine(broken, "walker2d-expert.hdf5")));
            Assert.False(File.Exists(Path.Combine(broken, "walker2d-medium.hdf5")));
            new LocomotionDatasetSuite(broken, seed: 2, workers: 1, SilentProgress.Instance).Run(TinyWalker);
            Assert.Equal(Files(straight, LocomotionKind.Walker2d), Files(broken, LocomotionKind.Walker2d));

            var stamp = File.GetLastWriteTimeUtc(Path.Combine(broken, "walker2d-base.hdf5"));
            var log = new StopAt("never", int.MaxValue);
            new LocomotionDatasetSuite(broken, seed: 2, workers: 2, log).Run(TinyWalker);
            Assert.Equal(stamp, File.GetLastWriteTimeUtc(Path.Combine(broken, "walker2d-base.hdf5")));
            Assert.Contains(log.Lines, l => l.Contains("cached"));

            // Another seed is another fingerprint: nothing is reused, and the learner checkpoint is refused by name.
            var e = Assert.Throws<Engine.IO.InputException>(() => new LocomotionDatasetSuite(broken, seed: 3, workers: 2, SilentProgress.Instance).Run(TinyWalker));
            Assert.Contains("seed", e.Message);
        }
        finally { Directory.Delete(straight, true); Directory.Delete(broken, true); }
    }

    /// <summary>Throws <see cref="OperationCanceledException"/> once a stage whose name contains <paramref name="stage"/> reports <paramref name="at"/> units.</summary>
    private sealed class StopAt(string stage, long at) : IExperimentProgress
    {
        private string _current = "";
        public List<string> Lines { get; } = [];
        public void Begin(string s, long total, long done = 0) => _current = s;
        public void Report(long done, string? detail = null)
        {
            if (_current.Contains(stage) && done >= at) throw new OperationCanceledException($"stopped in {_current} at {done}");
        }
        public void End() { }
        public void Log(string line) => Lines.Add(line);
    }
}
