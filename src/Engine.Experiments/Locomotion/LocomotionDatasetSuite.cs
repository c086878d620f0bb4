using System.Diagnostics;
using System.Text.Json;
using Engine.Envs;
using Engine.Envs.MuJoCo.Data;
using Engine.Envs.MuJoCo.Locomotion;

namespace Engine.Experiments.Locomotion;

/// <summary>The three datasets of a robot.</summary>
public enum LocomotionDatasetKind { Expert, Medium, Base }

/// <summary>
/// Makes the D4RL-like locomotion datasets without downloads: for each robot, one learner run
/// (<see cref="LocomotionDatasetPlan"/>), then an expert, a medium and a "medium-replay"-like base dataset from its
/// history, each written as <c>&lt;env&gt;-&lt;kind&gt;.hdf5</c> (D4RL layout) with a summary <c>.json</c> and a
/// score histogram <c>.png</c> beside it.
/// <para>Cached: a dataset whose summary records the same plan, seed and format is not made again. Resumable:
/// learners checkpoint under <c>checkpoints/</c> and files are written atomically, so an interrupted run
/// continues and ends with the same files. Deterministic for a seed, whatever the worker count: every
/// episode is a pure function of its policy and its seed.</para>
/// </summary>
public sealed class LocomotionDatasetSuite(string outDir, ulong seed, int workers, IExperimentProgress progress)
{
    public const int FormatVersion = 1;

    public static string FileName(LocomotionKind kind, LocomotionDatasetKind dataset, string extension) =>
        $"{LocomotionTask.For(kind).Name}-{dataset.ToString().ToLowerInvariant()}.{extension}";

    /// <summary>Makes (or finds cached) the three datasets of the plan's robot; returns their summaries.</summary>
    public IReadOnlyList<DatasetSummary> Run(LocomotionDatasetPlan plan)
    {
        plan.Validate();
        Directory.CreateDirectory(outDir);
        var fingerprint = Fingerprint(plan);
        var kinds = new[] { LocomotionDatasetKind.Expert, LocomotionDatasetKind.Medium, LocomotionDatasetKind.Base };
        var cached = kinds.Select(k => Intact(DatasetSummary.TryReadCached(Path.Combine(outDir, FileName(plan.Kind, k, "json")),
            Path.Combine(outDir, FileName(plan.Kind, k, "hdf5")), fingerprint), plan.Kind, k)).ToArray();
        if (cached.All(c => c is not null))
        {
            progress.Log($"{plan.Task.Name}: all three datasets cached in {outDir}");
            return cached!;
        }

        var clock = Stopwatch.StartNew();
        var history = Learn(plan);
        var learnSeconds = clock.Elapsed.TotalSeconds;
        progress.Log($"{plan.Task.Name}: {history.Learner} history of {history.Iterations} iterations ({history.EnvironmentSteps / 1e6:F2} M steps), best evaluation {history.Evaluated.Max(s => s.Score):F1}");

        using var collector = new EpisodeCollector(plan.Task, workers);
        var expert = Select(plan, history, collector, s => -s, "expert");
        // The medium policy comes from the part of the history clearly below the expert (by the training-time evaluations).
        var belowExpert = history with { Evaluated = history.Evaluated.Where(s => s.Score <= expert.Score - plan.MediumMargin).ToList() };
        if (belowExpert.Evaluated.Count == 0)
            throw new Engine.IO.InputException("no medium policy", $"{plan.Task.Name}, seed {seed}", $"no evaluated policy is {plan.MediumMargin} points below the expert's {expert.Score:F1}; the learner never passed through a medium score; try another --seed");
        var medium = Select(plan, belowExpert, collector, s => Math.Abs(s - plan.MediumScore), "medium");
        var summaries = new List<DatasetSummary>();
        for (int k = 0; k < kinds.Length; k++)
        {
            if (cached[k] is { } c) { summaries.Add(c); continue; }
            var sw = Stopwatch.StartNew();
            var dataSeed = Rng.Derive(seed, (ulong)(0xDA7A0 + (int)plan.Kind * 16 + k));
            var (episodes, rejected, source) = kinds[k] switch
            {
                LocomotionDatasetKind.Expert => Fixed(plan, collector, expert, dataSeed, plan.MinExpertEpisodes, "expert"),
                LocomotionDatasetKind.Medium => Fixed(plan, collector, medium, dataSeed, 1, "medium"),
                _ => Replay(plan, collector, history, medium, dataSeed),
            };
            var hdf5 = Path.Combine(outDir, FileName(plan.Kind, kinds[k], "hdf5"));
            LocomotionDatasetGenerator.Write(episodes, collector.ObservationDim, collector.ActionDim, plan.Task, hdf5); // with its .sha256 sidecar
            var summary = DatasetSummary.From(plan.Task, kinds[k], Path.GetFileName(hdf5), history.Learner, source, episodes, rejected,
                sw.Elapsed.TotalSeconds, learnSeconds, fingerprint, Engine.IO.HashSidecar.Verify(hdf5));
            summary.Save(Path.Combine(outDir, FileName(plan.Kind, kinds[k], "json")));
            summary.SaveHistogram(Path.Combine(outDir, FileName(plan.Kind, kinds[k], "png")));
            progress.Log(summary.OneLine());
            summaries.Add(summary);
        }
        return summaries;
    }

    /// <summary>
    /// A cached summary whose data file is still the one it describes (matching its sidecar and the recorded hash);
    /// null, with a log line, when the file was damaged or replaced, so that it is made again. A file from before
    /// sidecars gets one now, and its hash goes into the summary.
    /// </summary>
    private DatasetSummary? Intact(DatasetSummary? cached, LocomotionKind kind, LocomotionDatasetKind dataset)
    {
        if (cached is null) return null;
        string hdf5 = Path.Combine(outDir, FileName(kind, dataset, "hdf5"));
        if (cached.DataMismatch(hdf5) is { } why)
        {
            progress.Log($"{why}; making it again");
            return null;
        }
        if (cached.Sha256 is not null && Engine.IO.HashSidecar.Read(hdf5) is not null) return cached;
        var adopted = cached with { Sha256 = Engine.IO.HashSidecar.Read(hdf5) ?? Engine.IO.HashSidecar.Write(hdf5) };
        adopted.Save(Path.Combine(outDir, FileName(kind, dataset, "json")));
        return adopted;
    }

    private string Fingerprint(LocomotionDatasetPlan p) => JsonSerializer.Serialize(new
    {
        format = FormatVersion, seed, env = p.Task.Name, learner = p.Learner.ToString(), p.ExpertTarget, p.ArsMaxIterations,
        ppo = p.Learner == LearnerKind.Ppo ? p.Ppo.ToJson() : null, p.PpoEvaluateEvery, p.EvaluationEpisodes, p.SelectionCandidates,
        p.SelectionEpisodes, p.MediumScore, p.MediumMargin, p.MinTransitions, p.MinExpertEpisodes, p.ArsExplorationNoise,
    }, new JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals });

    private LearnerHistory Learn(LocomotionDatasetPlan plan)
    {
        var checkpoints = Path.Combine(outDir, "checkpoints");
        Directory.CreateDirectory(checkpoints);
        var task = plan.Task;
        if (plan.Learner == LearnerKind.Ppo)
            return PpoLearner.Run(task, plan.Ppo, seed, plan.PpoEvaluateEvery, plan.EvaluationEpisodes,
                Path.Combine(checkpoints, $"{task.Name}.ppo.safetensors"), workers, progress);

        var options = GenerationOptions.Default(task, DataQuality.Expert, 1, seed) with
        {
            TargetScore = plan.ExpertTarget,
            MaxIterations = plan.ArsMaxIterations,
            EvaluationEpisodes = plan.EvaluationEpisodes,
            Workers = workers,
            CheckpointPath = Path.Combine(checkpoints, $"{task.Name}.ars.json"),
            Method = ExpertMethod.Ars,
        };
        progress.Begin($"{task.Name}: ARS", options.MaxIterations);
        var history = ArsTraining.Run(options, new CallbackProgress<GenerationProgress>(p =>
            progress.Report(p.Done, p.LastScore is { } s ? $"eval {s:F1}" : null)));
        progress.End();
        using (history.Trainer)
        {
            var evaluated = history.Evaluations.Select(e => new PolicySnapshot(e.Iteration, e.Steps, e.Score,
                new LinearSnapshot(history.Snapshots[e.Iteration], plan.ArsExplorationNoise))).ToList();
            var replay = history.Snapshots.Select((p, i) => (i, (ISnapshotPolicy)new LinearSnapshot(p, plan.ArsExplorationNoise))).ToList();
            return new LearnerHistory("ars", evaluated, replay, history.Iterations, history.Steps);
        }
    }

    /// <summary>
    /// The evaluated snapshot that minimises <paramref name="cost"/>(score): the few best by their training-time
    /// evaluation are evaluated again on fresh selection seeds (a maximum over many noisy evaluations is biased
    /// upwards), and the best of those wins. Returns it with its selection score.
    /// </summary>
    private PolicySnapshot Select(LocomotionDatasetPlan plan, LearnerHistory history, EpisodeCollector collector, Func<double, double> cost, string what)
    {
        var candidates = history.Evaluated.OrderBy(s => cost(s.Score)).ThenBy(s => s.Iteration).Take(plan.SelectionCandidates).ToList();
        var selectionSeed = Rng.Derive(seed, 0x5E1EC7);
        var rescored = candidates.Select(c =>
        {
            var runs = collector.Run(plan.SelectionEpisodes, _ => c.Policy.Deterministic(), i => Rng.Derive(selectionSeed, (ulong)i), record: false);
            return c with { Score = runs.Average(e => plan.Task.NormalizedScore(e.Return)) };
        }).ToList();
        var chosen = rescored.OrderBy(s => cost(s.Score)).ThenBy(s => s.Iteration).First();
        progress.Log($"{plan.Task.Name}: {what} policy = iteration {chosen.Iteration} ({chosen.EnvironmentSteps / 1e6:F2} M steps), {plan.SelectionEpisodes}-episode selection score {chosen.Score:F1}");
        return chosen;
    }

    /// <summary>Episodes of one fixed policy (no exploration) until both sizes are reached; flipped HalfCheetah episodes are set aside.</summary>
    private (List<Episode>, int, DatasetSource) Fixed(LocomotionDatasetPlan plan, EpisodeCollector collector, PolicySnapshot policy,
        ulong dataSeed, int minEpisodes, string what)
    {
        var kept = new List<Episode>();
        int rejected = 0, next = 0;
        long transitions = 0;
        progress.Begin($"{plan.Task.Name}: {what} data", plan.MinTransitions);
        while (kept.Count < minEpisodes || transitions < plan.MinTransitions)
        {
            // Batch sizes depend only on what has been kept so far, never on the worker count.
            int batch = Math.Max(Math.Max(minEpisodes - kept.Count, (int)((plan.MinTransitions - transitions + 999) / 1000)), 1);
            int first = next;
            var episodes = collector.Run(batch, _ => policy.Policy.Deterministic(), i => Rng.Derive(dataSeed, (ulong)(first + i)));
            next += batch;
            foreach (var e in episodes)
            {
                if (LocomotionDatasetGenerator.IsFlippedCheetah(plan.Task, e)) { rejected++; continue; }
                kept.Add(e);
                transitions += e.Length;
            }
            progress.Report(Math.Min(transitions, plan.MinTransitions));
            if (rejected > 10 * Math.Max(minEpisodes, 10) && rejected > kept.Count)
                throw new Engine.IO.InputException($"no usable {what} policy", $"{plan.Task.Name}, seed {seed}", $"it flips over in most episodes ({rejected} set aside); try another --seed");
        }
        progress.End();
        return (kept, rejected, new DatasetSource($"the {what} policy (iteration {policy.Iteration}), mean action", policy.Iteration, policy.Iteration, policy.Score));
    }

    /// <summary>
    /// The learner's policies from its start to the medium snapshot, one episode each with exploration, in passes
    /// until the size is reached: a replay buffer of a learner going from random to medium.
    /// </summary>
    private (List<Episode>, int, DatasetSource) Replay(LocomotionDatasetPlan plan, EpisodeCollector collector, LearnerHistory history,
        PolicySnapshot medium, ulong dataSeed)
    {
        var policies = history.Replay.Where(r => r.Iteration <= medium.Iteration).ToList();
        var kept = new List<Episode>();
        long transitions = 0;
        int pass = 0;
        progress.Begin($"{plan.Task.Name}: base data", plan.MinTransitions);
        while (transitions < plan.MinTransitions)
        {
            int offset = pass * policies.Count;
            var episodes = collector.Run(policies.Count, i => policies[i].Policy.Exploring(Rng.Derive(dataSeed ^ 0xA5A5, (ulong)(offset + i))),
                i => Rng.Derive(dataSeed, (ulong)(offset + i)));
            kept.AddRange(episodes);
            transitions += episodes.Sum(e => (long)e.Length);
            pass++;
            progress.Report(Math.Min(transitions, plan.MinTransitions));
        }
        progress.End();
        return (kept, 0, new DatasetSource($"{policies.Count} {history.Learner} policies from the start to iteration {medium.Iteration}, with exploration, {pass} passes",
            policies[0].Iteration, medium.Iteration, medium.Score));
    }
}
