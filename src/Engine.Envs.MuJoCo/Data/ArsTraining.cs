namespace Engine.Envs.MuJoCo.Data;

/// <summary>
/// An ARS training history up to a target: the trainer (kept alive for rollouts; the caller disposes it),
/// every iteration's policy up to the stop (<c>Snapshots[i]</c> is the policy after i iterations), the best
/// evaluated policy and the evaluations.
/// </summary>
public sealed record ArsHistory(ArsTrainer Trainer, List<LinearPolicy> Snapshots, LinearPolicy Best, double BestScore,
    List<ArsEvaluation> Evaluations, int Iterations, long Steps);

/// <summary>ARS training that stops at a target score or an iteration budget, resumable through a checkpoint file.</summary>
public static class ArsTraining
{
    /// <summary>
    /// Trains (resuming from <see cref="GenerationOptions.CheckpointPath"/> when it exists, and saving it every
    /// <see cref="GenerationOptions.CheckpointEvery"/> iterations) until an evaluation reaches
    /// <see cref="GenerationOptions.TargetScore"/> or <see cref="GenerationOptions.MaxIterations"/> is spent. A
    /// checkpointed history that already reached the target is cut at that evaluation: the same snapshots and
    /// best policy as a run that stopped there.
    /// </summary>
    public static ArsHistory Run(GenerationOptions options, IProgress<GenerationProgress>? progress = null)
    {
        var task = options.Task;
        var settings = ArsSettings.For(task.Kind);
        var trainer = new ArsTrainer(task, settings, options.Seed, options.Workers);
        try
        {
            var snapshots = new List<LinearPolicy> { trainer.Policy };
            var best = trainer.Policy;
            var bestScore = double.NegativeInfinity;
            var evaluations = new List<ArsEvaluation>();
            int savedAt = -1; // the iteration the checkpoint file holds
            if (options.CheckpointPath is { } path && File.Exists(path))
            {
                var checkpoint = ArsCheckpoint.Load(path, task.Name, options.Seed, settings);
                trainer.Restore(checkpoint.Trainer);
                (snapshots, best, bestScore, evaluations) = (checkpoint.Snapshots, checkpoint.Best, checkpoint.BestScore, checkpoint.Evaluations);
                savedAt = trainer.Iteration;
                progress?.Report(new GenerationProgress("train", trainer.Iteration, options.MaxIterations, evaluations.LastOrDefault()?.Score));
            }
            // Written only when it would change: a run that resumes without training (a dataset from
            // the state reached so far) leaves the file alone, so it cannot overwrite a newer state that
            // another run is still training.
            void Save()
            {
                if (options.CheckpointPath is not { } p || savedAt == trainer.Iteration) return;
                new ArsCheckpoint(ArsCheckpoint.CurrentVersion, task.Name, options.Seed, settings, trainer.State,
                    snapshots, best, bestScore, evaluations).Save(p);
                savedAt = trainer.Iteration;
            }

            int reached = evaluations.FindIndex(e => e.Score >= options.TargetScore);
            if (reached >= 0)
            {
                var (iterations, steps) = (evaluations[reached].Iteration, evaluations[reached].Steps);
                var upTo = evaluations.Take(reached + 1).ToList();
                var top = upTo.Aggregate((a, b) => b.Score > a.Score ? b : a);
                return new ArsHistory(trainer, snapshots.Take(iterations + 1).ToList(), snapshots[top.Iteration], top.Score, upTo, iterations, steps);
            }
            while (trainer.Iteration < options.MaxIterations)
            {
                var evaluate = (trainer.Iteration + 1) % options.EvaluateEvery == 0;
                var it = trainer.Step(evaluate ? options.EvaluationEpisodes : 0);
                snapshots.Add(trainer.Policy);
                double? score = it.Evaluation is { } r ? task.NormalizedScore(r) : null;
                progress?.Report(new GenerationProgress("train", it.Iteration, options.MaxIterations, score));
                if (score is { } s)
                {
                    evaluations.Add(new ArsEvaluation(it.Iteration, s, it.EnvironmentSteps));
                    if (s > bestScore)
                    {
                        bestScore = s;
                        best = trainer.Policy;
                    }
                }
                if (score >= options.TargetScore)
                    break;
                if (trainer.Iteration % options.CheckpointEvery == 0) Save();
            }
            Save();
            return new ArsHistory(trainer, snapshots, best, bestScore, evaluations, trainer.Iteration, trainer.EnvironmentSteps);
        }
        catch
        {
            trainer.Dispose();
            throw;
        }
    }
}
