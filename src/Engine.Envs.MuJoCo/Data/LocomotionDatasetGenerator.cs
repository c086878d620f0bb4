using Engine.Envs.Datasets;
using Engine.Envs.MuJoCo.Locomotion;

namespace Engine.Envs.MuJoCo.Data;

/// <summary>Which kind of dataset to generate.</summary>
public enum DataQuality
{
    /// <summary>A converged ARS policy (D4RL "expert"-like).</summary>
    Expert,
    /// <summary>Snapshots of ARS up to a medium score, with action noise (D4RL "medium-replay"-like).</summary>
    Base,
}

/// <summary>How expert episodes are made.</summary>
public enum ExpertMethod
{
    /// <summary>Train an ARS linear policy, then run it (cheap per episode once trained).</summary>
    Ars,
    /// <summary>Plan every step with MPPI on the simulator (no training; minutes per episode).</summary>
    Mpc,
}

/// <summary>What a locomotion dataset run generates, and with which training budget.</summary>
/// <param name="Task">The robot.</param>
/// <param name="Quality">Expert or base data.</param>
/// <param name="Episodes">Episodes to write (≥ 1).</param>
/// <param name="Seed">The seed of training and collection; equal options give equal files.</param>
/// <param name="TargetScore">D4RL-normalised evaluation score at which training stops (expert: converged; base: the medium cut).</param>
/// <param name="MaxIterations">ARS iteration budget; training stops earlier at the target.</param>
/// <param name="EvaluateEvery">Iterations between evaluations of the unperturbed policy.</param>
/// <param name="EvaluationEpisodes">Episodes per evaluation.</param>
/// <param name="BaseActionNoise">σ of the Gaussian noise added to base-data actions before clipping.</param>
/// <param name="Workers">Threads; ≤ 0 means all cores. Results do not depend on it.</param>
/// <param name="CheckpointPath">Training (or MPC) checkpoint to resume from and save to; null: none.</param>
/// <param name="CheckpointEvery">ARS iterations between checkpoint saves.</param>
/// <param name="Method">How expert episodes are made (ARS policy or MPPI planning).</param>
/// <param name="Mppi">Planner settings for <see cref="ExpertMethod.Mpc"/>; null: <see cref="MppiSettings.Default"/>.</param>
public sealed record GenerationOptions(
    LocomotionTask Task,
    DataQuality Quality,
    int Episodes,
    ulong Seed,
    double TargetScore,
    int MaxIterations,
    int EvaluateEvery = 5,
    int EvaluationEpisodes = 3,
    double BaseActionNoise = 0.1,
    int Workers = 0,
    string? CheckpointPath = null,
    int CheckpointEvery = 10,
    ExpertMethod Method = ExpertMethod.Ars,
    MppiSettings? Mppi = null)
{
    /// <summary>Budgets that reach the target on 2 cores in minutes (Hopper) to tens of minutes (Walker2d).</summary>
    /// <remarks>
    /// Walker2d's expert is planned by MPPI: its linear ARS policy learns too slowly on two cores (≈ 20
    /// after 30 M steps, see docs/locomotion.md). Its base target is 15, a score ARS reached in about
    /// 10 minutes; the other robots' base target is 30.
    /// </remarks>
    public static GenerationOptions Default(LocomotionTask task, DataQuality quality, int episodes, ulong seed) =>
        new(task, quality, episodes, seed,
            TargetScore: quality == DataQuality.Expert
                ? (task.Kind == LocomotionKind.HalfCheetah ? 45 : 95)
                : (task.Kind == LocomotionKind.Walker2d ? 15 : 30),
            MaxIterations: task.Kind switch
            {
                LocomotionKind.Hopper => 400,
                LocomotionKind.HalfCheetah => 600,
                _ => 2000,
            },
            Method: quality == DataQuality.Expert && task.Kind == LocomotionKind.Walker2d ? ExpertMethod.Mpc : ExpertMethod.Ars);

    /// <summary>Expert episodes planned by MPPI rather than run by a trained policy.</summary>
    public bool PlansExpert => Quality == DataQuality.Expert && Method == ExpertMethod.Mpc;

    /// <summary>The planner's settings: <see cref="Mppi"/> or the defaults.</summary>
    public MppiSettings Planner => Mppi ?? MppiSettings.Default;

    /// <summary>Checks the counts and that MPC is used for expert data only.</summary>
    /// <exception cref="Engine.IO.InputException">
    /// A count or interval is below 1, or MPC was asked for base data; <see cref="Engine.IO.InputException.Where"/> is the
    /// member's name (<c>Episodes</c>, <c>Method</c>), for a caller to re-place at the option that set it.
    /// </exception>
    public void Validate()
    {
        static void Require(bool ok, string member, object value, string why)
        {
            if (!ok) throw Engine.IO.InputException.InvalidValue(member, value, why);
        }
        Require(Episodes >= 1, nameof(Episodes), Episodes, "at least one episode");
        Require(MaxIterations >= 1, nameof(MaxIterations), MaxIterations, "at least one iteration");
        Require(EvaluateEvery >= 1, nameof(EvaluateEvery), EvaluateEvery, "must be positive");
        Require(EvaluationEpisodes >= 1, nameof(EvaluationEpisodes), EvaluationEpisodes, "must be positive");
        Require(CheckpointEvery >= 1, nameof(CheckpointEvery), CheckpointEvery, "must be positive");
        if (Method == ExpertMethod.Mpc && Quality == DataQuality.Base)
            throw new Engine.IO.InputException("MPC for base data", nameof(Method), "MPC plans expert episodes only; base data come from ARS snapshots (use the ARS method)");
        Mppi?.Validate();
    }
}

/// <summary>What a generation run produced.</summary>
/// <param name="TrainingIterations">ARS iterations trained (0 for MPC).</param>
/// <param name="TrainingSteps">Environment steps spent training (ARS) or planning (MPC).</param>
/// <param name="PolicyScore">D4RL-normalised score of the policy used (mean over the kept episodes for MPC).</param>
/// <param name="Episodes">Episodes written.</param>
/// <param name="Transitions">Transitions written.</param>
/// <param name="MeanReturn">Mean undiscounted return of the written episodes.</param>
/// <param name="MeanNormalizedScore">Mean D4RL-normalised score of the written episodes.</param>
/// <param name="MinNormalizedScore">Lowest D4RL-normalised episode score.</param>
/// <param name="MaxNormalizedScore">Highest D4RL-normalised episode score.</param>
/// <param name="RejectedEpisodes">Episodes set aside (flipped over, or fell during MPC).</param>
public sealed record GenerationReport(
    int TrainingIterations, long TrainingSteps, double PolicyScore, int Episodes, int Transitions,
    double MeanReturn, double MeanNormalizedScore, double MinNormalizedScore, double MaxNormalizedScore, int RejectedEpisodes);

/// <summary>Progress callback payload: training iterations first, then episode collection.</summary>
/// <param name="Phase">"train" or "collect".</param>
/// <param name="Done">Iterations or episodes done in this phase.</param>
/// <param name="Total">Iterations or episodes the phase aims for.</param>
/// <param name="LastScore">The latest evaluation's D4RL-normalised score, when there is one.</param>
public sealed record GenerationProgress(string Phase, int Done, int Total, double? LastScore);

/// <summary>
/// Generates base and expert locomotion datasets in-process (no downloads) and writes them in D4RL's
/// HDF5 layout: observations, actions, rewards, terminals, timeouts, infos/qpos, infos/qvel.
/// </summary>
public static class LocomotionDatasetGenerator
{
    // An upside-down cheetah can run fast on its back; that gait is a simulator exploit, not expertise.
    private const double FlipPitch = Math.PI / 2;

    /// <summary>
    /// A HalfCheetah episode that flipped over (|pitch| &gt; π/2 at some step): a simulator exploit, not behaviour of the
    /// quality asked for; the generators set such episodes aside and count them.
    /// </summary>
    public static bool IsFlippedCheetah(LocomotionTask task, Episode episode) =>
        task.Kind == LocomotionKind.HalfCheetah && episode.MaxAbsPitch > FlipPitch;

    /// <summary>Trains or plans as <paramref name="options"/> say, collects the episodes and writes them to <paramref name="outputPath"/> in D4RL's layout.</summary>
    /// <param name="options">What to generate; validated first.</param>
    /// <param name="outputPath">The .hdf5 file to write (atomically).</param>
    /// <param name="progress">Receives training and collection progress.</param>
    /// <exception cref="ArgumentException">The options are invalid or the path is empty.</exception>
    /// <exception cref="Engine.IO.InputException">Almost every episode had to be rejected (this seed does not work).</exception>
    /// <exception cref="MuJoCoException">libmujoco is missing or rejects the model.</exception>
    public static GenerationReport Generate(GenerationOptions options, string outputPath, IProgress<GenerationProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputPath);
        options.Validate();
        if (options.PlansExpert)
        {
            var mpc = MpcDatasetGenerator.Collect(options, progress);
            return Report(mpc.Episodes, options, outputPath, 0, mpc.PlanningSteps,
                mpc.Episodes.Average(e => options.Task.NormalizedScore(e.Return)), mpc.Rejected);
        }
        var (episodes, trainer, policyScore, rejected, iterations, steps) = Collect(options, progress);
        using (trainer)
            return Report(episodes, options, outputPath, iterations, steps, policyScore, rejected);
    }

    private static GenerationReport Report(List<Episode> episodes, GenerationOptions options, string outputPath,
        int iterations, long steps, double policyScore, int rejected)
    {
        Write(episodes, episodes[0].Observations![0].Length, episodes[0].Actions![0].Length, options.Task, outputPath);
        var scores = episodes.Select(e => options.Task.NormalizedScore(e.Return)).ToArray();
        return new GenerationReport(iterations, steps, policyScore, episodes.Count,
            episodes.Sum(e => e.Length), episodes.Average(e => e.Return), scores.Average(), scores.Min(), scores.Max(), rejected);
    }

    /// <summary>
    /// Trains (resuming from <see cref="GenerationOptions.CheckpointPath"/> when it exists, and saving it
    /// every <see cref="GenerationOptions.CheckpointEvery"/> iterations) and collects episodes (recorded
    /// transitions) without writing them. The caller disposes the returned trainer.
    /// </summary>
    public static (List<Episode> Episodes, ArsTrainer Trainer, double PolicyScore, int Rejected, int Iterations, long Steps) Collect(
        GenerationOptions options, IProgress<GenerationProgress>? progress = null)
    {
        var history = ArsTraining.Run(options, progress);
        try
        {
            var collectSeed = Rng.Derive(options.Seed, 0xC011EC7);
            var (episodes, rejected) = options.Quality == DataQuality.Expert
                ? CollectExpert(history.Trainer, history.Best, options, collectSeed, progress)
                : (CollectBase(history.Trainer, history.Snapshots, options, collectSeed, progress), 0);
            return (episodes, history.Trainer, history.BestScore, rejected, history.Iterations, history.Steps);
        }
        catch
        {
            history.Trainer.Dispose();
            throw;
        }
    }

    private static (List<Episode>, int) CollectExpert(ArsTrainer trainer, LinearPolicy policy, GenerationOptions options,
        ulong seed, IProgress<GenerationProgress>? progress)
    {
        var kept = new List<Episode>();
        var rejected = 0;
        var batch = 0UL;
        while (kept.Count < options.Episodes)
        {
            var need = options.Episodes - kept.Count;
            foreach (var e in trainer.RunEpisodes(policy, need, Rng.Derive(seed, batch++), record: true))
            {
                if (IsFlippedCheetah(options.Task, e))
                    rejected++;
                else
                    kept.Add(e);
            }
            progress?.Report(new GenerationProgress("collect", kept.Count, options.Episodes, null));
            if (rejected > 10 * options.Episodes)
                throw new Engine.IO.InputException("no usable policy", $"{options.Task.Name}, seed {options.Seed}", $"the policy flips over in almost every episode ({rejected} rejected); train with another --seed");
        }
        return (kept, rejected);
    }

    // Episode k replays the policy of iteration ⌊k·cut/N⌋ with action noise, so the data spans
    // near-random to medium behaviour like a replay buffer recorded during training.
    private static List<Episode> CollectBase(ArsTrainer trainer, List<LinearPolicy> snapshots, GenerationOptions options,
        ulong seed, IProgress<GenerationProgress>? progress)
    {
        var episodes = new List<Episode>(options.Episodes);
        for (var k = 0; k < options.Episodes; k++)
        {
            var snapshot = snapshots[(int)((long)k * snapshots.Count / options.Episodes)];
            episodes.AddRange(trainer.RunEpisodes(snapshot, 1, Rng.Derive(seed, (ulong)k), options.BaseActionNoise, record: true));
            progress?.Report(new GenerationProgress("collect", k + 1, options.Episodes, null));
        }
        return episodes;
    }

    /// <summary>Writes episodes in D4RL's layout; terminals mark falls, timeouts mark the 1000-step limit.</summary>
    public static void Write(IReadOnlyList<Episode> episodes, int observationDim, int actionDim, LocomotionTask task, string path)
    {
        ArgumentNullException.ThrowIfNull(episodes);
        if (episodes.Count == 0 || episodes[0].Qpos is null)
            throw new ArgumentException("at least one recorded episode is needed", nameof(episodes));
        var first = episodes[0];
        var nq = first.Qpos![0].Length;
        var nv = first.Qvel![0].Length;
        var infos = new[] { new InfoSpec("qpos", nq), new InfoSpec("qvel", nv) };
        using var writer = new D4rlStreamWriter(path, observationDim, actionDim, infos);
        var obs = new float[observationDim];
        var act = new float[actionDim];
        var info = new double[nq + nv];
        foreach (var e in episodes)
        {
            for (var t = 0; t < e.Length; t++)
            {
                for (var j = 0; j < observationDim; j++) obs[j] = (float)e.Observations![t][j];
                for (var j = 0; j < actionDim; j++) act[j] = (float)e.Actions![t][j];
                e.Qpos![t].CopyTo(info, 0);
                e.Qvel![t].CopyTo(info, nq);
                var last = t == e.Length - 1;
                writer.Append(obs, act, (float)e.Rewards![t], last && e.Terminated,
                    last && !e.Terminated && e.Length >= task.MaxEpisodeSteps, info);
            }
        }
        writer.Complete();
    }
}
