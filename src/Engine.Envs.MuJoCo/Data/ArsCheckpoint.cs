namespace Engine.Envs.MuJoCo.Data;

/// <summary>One evaluation of the unperturbed policy during training (D4RL-normalised), with the environment steps used so far.</summary>
public sealed record ArsEvaluation(int Iteration, double Score, long Steps);

/// <summary>
/// The training state of a dataset generation run: the trainer (policy, normaliser sums, direction
/// generator), every iteration's policy (the base dataset replays them), the best evaluated policy and
/// the evaluation history. Saved every few iterations, so a long ARS run (Walker2d needs hours on two
/// cores) resumes where it stopped and continues bit-exactly, and one training run serves both
/// qualities: a base run cuts an expert run's history at its first evaluation at the base target.
/// Written as JSON (shortest round-trip doubles) through a temporary file and a rename.
/// </summary>
public sealed record ArsCheckpoint(
    int Version, string Env, ulong Seed, ArsSettings Settings, ArsState Trainer,
    List<LinearPolicy> Snapshots, LinearPolicy Best, double BestScore, List<ArsEvaluation> Evaluations)
{
    public const int CurrentVersion = 1;

    public void Save(string path) => CheckpointFile.Save(this, path);

    /// <summary>Reads a checkpoint and checks that it belongs to this environment, seed and ARS settings.</summary>
    public static ArsCheckpoint Load(string path, string env, ulong seed, ArsSettings settings)
    {
        var checkpoint = CheckpointFile.Read<ArsCheckpoint>(path, "ARS checkpoint");
        if (checkpoint.Snapshots is null || checkpoint.Trainer is null || checkpoint.Evaluations is null || checkpoint.Best is null)
            throw new InvalidDataException($"{path}: not a complete ARS checkpoint");
        CheckpointFile.CheckOwner(path, "ARS checkpoint", checkpoint.Version, CurrentVersion,
            (checkpoint.Env, checkpoint.Seed, checkpoint.Settings), (env, seed, settings));
        foreach (var (policy, i) in checkpoint.Snapshots.Append(checkpoint.Best).Append(checkpoint.Trainer.Policy).Select((p, i) => (p, i)))
            CheckpointFile.RequireFinite(path, "ARS checkpoint", $"policy {i} weights", policy.Weights.Concat(policy.Mean).Concat(policy.Std));
        if (checkpoint.Snapshots.Count != checkpoint.Trainer.Iteration + 1)
            throw new InvalidDataException($"{path}: {checkpoint.Snapshots.Count} policy snapshots for {checkpoint.Trainer.Iteration} iterations");
        return checkpoint;
    }
}
