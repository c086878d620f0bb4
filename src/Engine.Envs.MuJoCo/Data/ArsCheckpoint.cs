namespace Engine.Envs.MuJoCo.Data;

/// <summary>One evaluation of the unperturbed policy during training (D4RL-normalised), with the environment steps used so far.</summary>
/// <param name="Iteration">The ARS iteration after which the policy was evaluated.</param>
/// <param name="Score">Mean D4RL-normalised score of the evaluation episodes (0 random, 100 D4RL expert).</param>
/// <param name="Steps">Environment steps used for training up to that iteration.</param>
public sealed record ArsEvaluation(int Iteration, double Score, long Steps);

/// <summary>
/// The training state of a dataset generation run: the trainer (policy, normaliser sums, direction
/// generator), every iteration's policy (the base dataset replays them), the best evaluated policy and
/// the evaluation history. Saved every few iterations, so a long ARS run (Walker2d needs hours on two
/// cores) resumes where it stopped and continues bit-exactly, and one training run serves both
/// qualities: a base run cuts an expert run's history at its first evaluation at the base target.
/// Written as JSON (shortest round-trip doubles) through a temporary file and a rename.
/// </summary>
/// <param name="Version">File format version (<see cref="CurrentVersion"/> when written by this build).</param>
/// <param name="Env">The task's name, e.g. "hopper".</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="Settings">The ARS hyper-parameters of the run.</param>
/// <param name="Trainer">The trainer's state after the last completed iteration.</param>
/// <param name="Snapshots">The policy after every iteration, in order.</param>
/// <param name="Best">The best evaluated policy so far.</param>
/// <param name="BestScore">Its D4RL-normalised score.</param>
/// <param name="Evaluations">Every evaluation so far, in order.</param>
public sealed record ArsCheckpoint(
    int Version, string Env, ulong Seed, ArsSettings Settings, ArsState Trainer,
    List<LinearPolicy> Snapshots, LinearPolicy Best, double BestScore, List<ArsEvaluation> Evaluations)
{
    /// <summary>The format version this build writes and reads.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Writes the checkpoint as JSON to <paramref name="path"/> (temporary file, fsync, rename); creates the directory.</summary>
    public void Save(string path) => CheckpointFile.Save(this, path);

    /// <summary>Reads a checkpoint and checks that it belongs to this environment, seed and ARS settings.</summary>
    public static ArsCheckpoint Load(string path, string env, ulong seed, ArsSettings settings)
    {
        var checkpoint = CheckpointFile.Read<ArsCheckpoint>(path, "ARS checkpoint");
        if (checkpoint.Snapshots is null || checkpoint.Trainer is null || checkpoint.Evaluations is null || checkpoint.Best is null)
            throw new Engine.IO.InputException(CheckpointFile.Corrupt("ARS checkpoint"), Engine.IO.InputException.Location(path), "it lacks its snapshots, trainer, evaluations or best policy");
        CheckpointFile.CheckOwner(path, "ARS checkpoint", checkpoint.Version, CurrentVersion,
            (checkpoint.Env, checkpoint.Seed, checkpoint.Settings), (env, seed, settings));
        foreach (var (policy, i) in checkpoint.Snapshots.Append(checkpoint.Best).Append(checkpoint.Trainer.Policy).Select((p, i) => (p, i)))
            CheckpointFile.RequireFinite(path, "ARS checkpoint", $"policy {i} weights", policy.Weights.Concat(policy.Mean).Concat(policy.Std));
        if (checkpoint.Snapshots.Count != checkpoint.Trainer.Iteration + 1)
            throw new Engine.IO.InputException(CheckpointFile.Corrupt("ARS checkpoint"), Engine.IO.InputException.Location(path, "$.Snapshots"), $"{checkpoint.Snapshots.Count} policy snapshots for {checkpoint.Trainer.Iteration} iterations");
        return checkpoint;
    }
}
