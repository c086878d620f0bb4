using System.Globalization;
using System.Text.Json;
using Engine.Envs;
using Engine.Envs.MuJoCo;
using Engine.Envs.MuJoCo.Data;
using Engine.Envs.MuJoCo.Locomotion;
using Engine.RL;

namespace Engine.Experiments.Locomotion;

/// <summary>
/// Trains a PPO policy on a locomotion robot (<see cref="PpoTrainer"/>) and evaluates its mean action every
/// <c>evaluateEvery</c> iterations on fixed evaluation seeds, keeping every evaluated policy. The checkpoint file
/// (model, optimiser, normalisers, environments, evaluated snapshots) is written at every evaluation, so an
/// interrupted run continues bit-exactly; a finished run is read back without training.
/// </summary>
public static class PpoLearner
{
    public static LearnerHistory Run(LocomotionTask task, PpoSettings settings, ulong seed, int evaluateEvery, int evaluationEpisodes,
        string checkpointPath, int workers, IExperimentProgress progress)
    {
        using var model = MjModel.FromXml(task.LoadModelXml(), task.Name);
        using var trainer = new PpoTrainer(_ => new LocomotionEnv(task, model), settings, seed, workers);
        using var collector = new EpisodeCollector(task, workers);
        var snapshots = new List<PolicySnapshot>();
        if (File.Exists(checkpointPath))
        {
            var (tensors, meta) = trainer.Load(checkpointPath);
            snapshots = ReadSnapshots(tensors, meta, checkpointPath);
        }
        else snapshots.Add(Evaluate(trainer, collector, task, seed, evaluationEpisodes));

        progress.Begin($"{task.Name}: PPO", settings.Iterations, trainer.Iteration);
        while (!trainer.Finished)
        {
            var it = trainer.Step();
            if (it.Iteration % evaluateEvery == 0 || trainer.Finished)
            {
                snapshots.Add(Evaluate(trainer, collector, task, seed, evaluationEpisodes));
                Save(trainer, snapshots, checkpointPath);
            }
            progress.Report(it.Iteration, $"{it.EnvironmentSteps / 1000} k steps, eval {snapshots[^1].Score:F1} (best {snapshots.Max(s => s.Score):F1})");
        }
        progress.End();
        return new LearnerHistory("ppo", snapshots, snapshots.Select(s => (s.Iteration, s.Policy)).ToList(), trainer.Iteration, trainer.EnvironmentSteps);
    }

    /// <summary>Mean normalised return of the policy's mean action over fixed evaluation seeds.</summary>
    private static PolicySnapshot Evaluate(PpoTrainer trainer, EpisodeCollector collector, LocomotionTask task, ulong seed, int episodes)
    {
        var snapshot = new GaussianSnapshot(trainer.Policy);
        var evalSeed = Rng.Derive(seed, 0xE7A1);
        var runs = collector.Run(episodes, _ => snapshot.Deterministic(), i => Rng.Derive(evalSeed, (ulong)i), record: false);
        return new PolicySnapshot(trainer.Iteration, trainer.EnvironmentSteps, runs.Average(e => task.NormalizedScore(e.Return)), snapshot);
    }

    private sealed record SnapshotInfo(int Iteration, long Steps, double Score, int Layers);

    private static void Save(PpoTrainer trainer, List<PolicySnapshot> snapshots, string path)
    {
        var tensors = new Dictionary<string, Tensor>();
        var infos = new List<SnapshotInfo>();
        for (int j = 0; j < snapshots.Count; j++)
        {
            var p = ((GaussianSnapshot)snapshots[j].Policy).Policy;
            var (w, b) = p.Layers;
            for (int l = 0; l < w.Length; l++)
            {
                tensors[$"snap.{j}.w{l}"] = Tensor.FromArray(w[l], w[l].Length);
                tensors[$"snap.{j}.b{l}"] = Tensor.FromArray(b[l], b[l].Length);
            }
            tensors[$"snap.{j}.std"] = Tensor.FromArray(p.Std, p.Std.Length);
            tensors[$"snap.{j}.obs_mean"] = Tensor.FromArray(p.ObservationStats.Mean, p.ObservationDim);
            tensors[$"snap.{j}.obs_var"] = Tensor.FromArray(p.ObservationStats.Var, p.ObservationDim);
            tensors[$"snap.{j}.obs_count"] = Tensor.FromArray(new[] { p.ObservationStats.Count }, 1);
            infos.Add(new SnapshotInfo(snapshots[j].Iteration, snapshots[j].EnvironmentSteps, snapshots[j].Score, w.Length));
        }
        var meta = new Dictionary<string, string> { ["snapshots"] = JsonSerializer.Serialize(infos) };
        trainer.Save(path, tensors, meta);
    }

    private static List<PolicySnapshot> ReadSnapshots(Dictionary<string, Tensor> tensors, Dictionary<string, string> meta, string path) =>
        Engine.IO.DamagedFile.Guard("corrupt PPO checkpoint", path, () => ReadSnapshotsUnguarded(tensors, meta, path));

    private static List<PolicySnapshot> ReadSnapshotsUnguarded(Dictionary<string, Tensor> tensors, Dictionary<string, string> meta, string path)
    {
        string where = Engine.IO.InputException.Location(path);
        if (!meta.TryGetValue("snapshots", out var json))
            throw new Engine.IO.InputException("corrupt PPO checkpoint", where, "it has no evaluated snapshots");
        var infos = JsonSerializer.Deserialize<List<SnapshotInfo>>(json) ?? throw new Engine.IO.InputException("corrupt PPO checkpoint", where, "its snapshot list is null");
        Tensor Get(string key) => tensors.TryGetValue(key, out var t) ? t : throw new Engine.IO.InputException("corrupt PPO checkpoint", where, $"no snapshot tensor '{key}'");
        var list = new List<PolicySnapshot>();
        for (int j = 0; j < infos.Count; j++)
        {
            var info = infos[j] ?? throw new Engine.IO.InputException("corrupt PPO checkpoint", where, $"snapshot {j} is null");
            var w = Enumerable.Range(0, info.Layers).Select(l => Get($"snap.{j}.w{l}").ToArrayDouble()).ToArray();
            var b = Enumerable.Range(0, info.Layers).Select(l => Get($"snap.{j}.b{l}").ToArrayDouble()).ToArray();
            var stats = RunningMeanStd.From(Get($"snap.{j}.obs_mean").ToArrayDouble(), Get($"snap.{j}.obs_var").ToArrayDouble(), Get($"snap.{j}.obs_count").Item());
            var policy = new GaussianPolicy(stats, w, b, Get($"snap.{j}.std").ToArrayDouble());
            list.Add(new PolicySnapshot(info.Iteration, info.Steps, info.Score, new GaussianSnapshot(policy)));
        }
        return list;
    }

    internal static string Describe(PpoSettings s) => string.Create(CultureInfo.InvariantCulture,
        $"PPO {s.TotalSteps / 1e6:0.##} M steps, {s.Environments}×{s.StepsPerRollout} per rollout, {s.Epochs} epochs × {s.Minibatches} minibatches, hidden {s.Hidden}");
}
