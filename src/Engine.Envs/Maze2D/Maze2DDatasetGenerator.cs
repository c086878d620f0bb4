using Engine.Envs.Datasets;

namespace Engine.Envs.Maze2D;

/// <summary>Counts reported while a dataset is generated.</summary>
/// <param name="Written">Transitions written so far.</param>
/// <param name="Target">Transitions requested (<see cref="Maze2DDatasetSpec.Size"/>).</param>
/// <param name="Episodes">Episodes kept so far.</param>
/// <param name="Discarded">Episodes simulated and thrown away (started too close to a wall, or timed out at the first waypoint).</param>
public readonly record struct GenerationProgress(long Written, long Target, long Episodes, long Discarded);

/// <summary>
/// Generates the paper's Maze2D datasets (docs/reference-facts.md §10) straight into a D4RL-layout HDF5 file. Fields: observations
/// [N, 4] = (qpos, qvel) before the step, actions [N, 2] = the controller's unclipped action, rewards [N] = 0 (as in the
/// fork; relabel later), terminals [N] = episode end (solved or cap), timeouts [N] = ended by the cap, infos/goal,
/// infos/qpos, infos/qvel [N, 2]. Episodes come from <see cref="Maze2DDatasetSpec.Workers"/> independent seeded streams
/// run in parallel; each round takes one kept episode from every stream, in stream order, so the file depends only on
/// the spec. The last episode is cut at the requested size and its last row flagged as a timeout.
/// </summary>
public static class Maze2DDatasetGenerator
{
    /// <summary>Writes the dataset <paramref name="spec"/> describes to <paramref name="path"/> (atomically); returns the final counts.</summary>
    /// <param name="spec">What to generate; validated first.</param>
    /// <param name="path">Output .hdf5 path; its directory must exist.</param>
    /// <param name="progress">Receives the counts after every round of episodes.</param>
    /// <param name="cancellation">Stops generation between rounds; no output file is left.</param>
    /// <exception cref="ArgumentException">The spec is invalid.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was signalled.</exception>
    public static GenerationProgress Generate(Maze2DDatasetSpec spec, string path, IProgress<GenerationProgress>? progress = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        var workers = Enumerable.Range(0, spec.Workers).Select(i => new Maze2DEpisodeWorker(spec, i)).ToArray();
        var round = new (List<double> Rows, bool TimedOut)[workers.Length];
        using var writer = new D4rlStreamWriter(path, 4, 2, Maze2DDatasetSpec.InfoSpecs);
        long episodes = 0;
        Span<float> observation = stackalloc float[4];
        Span<float> action = stackalloc float[2];
        Span<double> infos = stackalloc double[6];
        while (writer.Count < spec.Size)
        {
            cancellation.ThrowIfCancellationRequested();
            Parallel.For(0, workers.Length, i => round[i] = workers[i].NextEpisode());
            foreach (var (rows, timedOut) in round)
            {
                int length = rows.Count / Maze2DEpisodeWorker.RowWidth;
                for (int t = 0; t < length && writer.Count < spec.Size; t++)
                {
                    int o = t * Maze2DEpisodeWorker.RowWidth;
                    for (int k = 0; k < 4; k++) observation[k] = (float)rows[o + k];
                    action[0] = (float)rows[o + 4];
                    action[1] = (float)rows[o + 5];
                    for (int k = 0; k < 6; k++) infos[k] = rows[o + 6 + k];
                    bool last = t == length - 1;
                    bool cut = !last && writer.Count == spec.Size - 1;
                    writer.Append(observation, action, 0f, terminal: last, timeout: (last && timedOut) || cut, infos);
                }
                episodes++;
                if (writer.Count >= spec.Size) break;
            }
            progress?.Report(new GenerationProgress(writer.Count, spec.Size, episodes, workers.Sum(w => w.Discarded)));
        }
        writer.Complete();
        return new GenerationProgress(writer.Count, spec.Size, episodes, workers.Sum(w => w.Discarded));
    }
}
