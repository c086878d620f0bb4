namespace Engine.Envs.MuJoCo.Data;

/// <summary>One finished MPC episode: its attempt number (which fixes its reset seed) and the actions executed.</summary>
/// <param name="Attempt">The attempt number k; the episode resets with seed Derive(seed, k).</param>
/// <param name="Kept">Whether the episode reached the step limit and went into the dataset.</param>
/// <param name="Actions">The executed actions, one <c>[ActionDim]</c> array per step.</param>
public sealed record MpcEpisodeRecord(int Attempt, bool Kept, List<double[]> Actions);

/// <summary>
/// The progress of an MPC dataset run: every finished episode's executed actions. The simulator is
/// deterministic, so replaying the actions from the episode's reset seed rebuilds the recorded episode
/// exactly in milliseconds, while planning it again would take minutes. Written as JSON through a
/// temporary file and a rename after each episode.
/// </summary>
/// <param name="Version">File format version (<see cref="CurrentVersion"/> when written by this build).</param>
/// <param name="Env">The task's name.</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="Settings">The planner's settings.</param>
/// <param name="Episodes">Every finished episode so far, in attempt order.</param>
public sealed record MpcCheckpoint(int Version, string Env, ulong Seed, MppiSettings Settings, List<MpcEpisodeRecord> Episodes)
{
    /// <summary>The format version this build writes and reads.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Writes the checkpoint as JSON to <paramref name="path"/> (temporary file, fsync, rename); creates the directory.</summary>
    public void Save(string path) => CheckpointFile.Save(this, path);

    /// <summary>Reads a checkpoint and checks that it belongs to this environment, seed and planner settings.</summary>
    public static MpcCheckpoint Load(string path, string env, ulong seed, MppiSettings settings)
    {
        var checkpoint = CheckpointFile.Read<MpcCheckpoint>(path, "MPC checkpoint");
        if (checkpoint.Episodes is null || checkpoint.Settings is null)
            throw new Engine.IO.InputException(CheckpointFile.Corrupt("MPC checkpoint"), Engine.IO.InputException.Location(path), "it lacks its episodes or settings");
        CheckpointFile.CheckOwner(path, "MPC checkpoint", checkpoint.Version, CurrentVersion,
            (checkpoint.Env, checkpoint.Seed, checkpoint.Settings), (env, seed, settings));
        for (var i = 0; i < checkpoint.Episodes.Count; i++)
        {
            if (checkpoint.Episodes[i] is not { Actions: not null } e || e.Attempt != i)
                throw new Engine.IO.InputException(CheckpointFile.Corrupt("MPC checkpoint"), Engine.IO.InputException.Location(path, $"$.Episodes[{i}]"), "missing or out of order");
            int width = e.Actions.Count > 0 ? e.Actions[0].Length : 0;
            for (var t = 0; t < e.Actions.Count; t++)
            {
                if (e.Actions[t] is not { } a || a.Length != width || width == 0)
                    throw new Engine.IO.InputException(CheckpointFile.Corrupt("MPC checkpoint"), Engine.IO.InputException.Location(path, $"$.Episodes[{i}].Actions[{t}]"), $"missing or not {width} wide");
                CheckpointFile.RequireFinite(path, "MPC checkpoint", $"$.Episodes[{i}].Actions[{t}]", a);
            }
        }
        return checkpoint;
    }
}
