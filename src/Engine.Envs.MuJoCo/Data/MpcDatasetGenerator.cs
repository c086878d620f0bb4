using Engine.Envs.MuJoCo.Locomotion;

namespace Engine.Envs.MuJoCo.Data;

/// <summary>What an MPC collection produced: the kept episodes (recorded) and how many fell and were set aside.</summary>
/// <param name="Episodes">The kept, recorded episodes.</param>
/// <param name="Rejected">Episodes that fell before the step limit.</param>
/// <param name="PlanningSteps">Simulated environment steps spent planning.</param>
public sealed record MpcCollection(List<Episode> Episodes, int Rejected, long PlanningSteps);

/// <summary>
/// Expert episodes planned online by <see cref="MppiController"/> with the simulator as its model:
/// no training, only planning, at about N·H simulated steps per executed step. An episode that falls
/// before the 1000-step limit is not expert behaviour and is set aside (and counted); attempt k resets
/// with seed Derive(seed, k), so the data are deterministic for a seed. With a checkpoint path every
/// finished episode's actions are saved, and a resumed run replays them instead of planning again.
/// </summary>
public static class MpcDatasetGenerator
{
    /// <summary>Plans <see cref="GenerationOptions.Episodes"/> expert episodes (resuming from the checkpoint when there is one).</summary>
    /// <param name="options">Task, episode count, seed, planner settings and checkpoint path; validated first.</param>
    /// <param name="progress">Receives the number of episodes kept so far.</param>
    public static MpcCollection Collect(GenerationOptions options, IProgress<GenerationProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var task = options.Task;
        var settings = options.Planner;
        var collectSeed = Rng.Derive(options.Seed, 0x3BC);
        var records = new List<MpcEpisodeRecord>();
        if (options.CheckpointPath is { } path && File.Exists(path))
            records = MpcCheckpoint.Load(path, task.Name, options.Seed, settings).Episodes;

        using var env = new LocomotionEnv(task);
        using var planner = new MppiController(task, settings, options.Workers);
        var kept = new List<Episode>();
        var rejected = 0;
        long planning = 0;
        var maxAttempts = 10 * options.Episodes;
        for (var attempt = 0; kept.Count < options.Episodes; attempt++)
        {
            if (attempt >= maxAttempts)
                // An outcome the user changes with the settings, not a bug: named by what to change.
                throw new Engine.IO.InputException("MPC planner too weak", $"{task.Name}, seed {options.Seed}, {settings.Samples} samples, horizon {settings.Horizon}",
                    $"it fell in {rejected} of {attempt} episodes; raise the planner budget (--mpc-samples, --mpc-horizon) or use another --seed");
            var resetSeed = Rng.Derive(collectSeed, (ulong)attempt);
            Episode episode;
            if (attempt < records.Count)
            {
                episode = Replay(env, records[attempt], resetSeed, options.CheckpointPath!);
                if (episode.Terminated == records[attempt].Kept || episode.Length != records[attempt].Actions.Count)
                    throw new Engine.IO.InputException("MPC checkpoint does not replay", Engine.IO.InputException.Location(options.CheckpointPath!, $"$.Episodes[{attempt}]"), "the episode does not replay as recorded (another MuJoCo build?); delete the checkpoint to plan afresh");
            }
            else
            {
                var rng = new Rng(Rng.Derive(collectSeed ^ 0x9A7E, (ulong)attempt));
                planner.ResetPlan();
                episode = PolicyRollout.Run(env, (_, action, t) =>
                    planner.Act(env.Snapshot(), rng, t == 0 ? settings.InitialIterations : 1).CopyTo(action),
                    resetSeed, env.ActionSpace.Size, record: Episode.Recording());
                planning += (long)episode.Length * settings.Samples * settings.Horizon;
                records.Add(new MpcEpisodeRecord(attempt, !episode.Terminated, episode.Actions!));
                if (options.CheckpointPath is { } p)
                    new MpcCheckpoint(MpcCheckpoint.CurrentVersion, task.Name, options.Seed, settings, records).Save(p);
            }
            if (episode.Terminated) rejected++;
            else kept.Add(episode);
            progress?.Report(new GenerationProgress("collect", kept.Count, options.Episodes, task.NormalizedScore(episode.Return)));
        }
        return new MpcCollection(kept, rejected, planning);
    }

    // The recorded actions from the same reset reproduce the episode bit for bit (the simulator is deterministic).
    private static Episode Replay(LocomotionEnv env, MpcEpisodeRecord record, ulong resetSeed, string checkpointPath)
    {
        var actions = record.Actions;
        return PolicyRollout.Run(env, (_, action, t) =>
        {
            if (t >= actions.Count)
                throw new Engine.IO.InputException("MPC checkpoint does not replay", Engine.IO.InputException.Location(checkpointPath, $"$.Episodes[{record.Attempt}]"), $"the episode ran past its {actions.Count} recorded actions (another MuJoCo build?); delete the checkpoint to plan afresh");
            actions[t].CopyTo(action);
        }, resetSeed, env.ActionSpace.Size, record: Episode.Recording());
    }
}
