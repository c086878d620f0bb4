using Engine.Diffusion;
using Engine.Envs;
using Engine.Envs.MuJoCo;
using Engine.Envs.MuJoCo.Locomotion;
using Engine.NN;
using Engine.Rewards.Steering;

namespace Engine.Experiments.Locomotion.Steering;

/// <summary>One rollout episode of a planner: its return, length, how it ended and its D4RL-normalised score.</summary>
public sealed record RolloutEpisode(int Index, double Return, int Length, bool Terminated, bool StoppedBelow, double Score);

/// <summary>
/// Rollouts of a diffusion planner as the authors' parallel rollout script does them (docs/reference-facts.md §6.1, §6.3):
/// N environments, environment k reset once with seed Derive(seed, k); every step, the observations of the
/// environments still running are normalised with the base data's normaliser, ONE batched guided reverse
/// diffusion plans all of them (x_T ~ N(0, I), the current observation imposed at step 0 and re-imposed after every
/// guidance and denoising step), and environment k executes the unnormalised, clipped action at step 0 of its own
/// plan. An environment stops at termination, after <c>maxSteps</c> steps, or once its cumulative reward drops below
/// <c>stopBelow</c>.
/// </summary>
public sealed class SteeredRollouts(LocomotionTask task, GaussianDiffusion model, Normalizer observations, Normalizer actions, int workers = 0)
{
    /// <summary>A plan for one step: observations [n, O] normalised → plans x₀ [n, H, C]. Replaced in tests by a recording stub.</summary>
    public delegate Tensor Planner(Tensor normalisedObservations, Generator g);

    /// <summary>The planner of <paramref name="sampler"/>: one <see cref="GuidedSampler.Sample"/> call for the whole batch.</summary>
    public Planner PlannerOf(GuidedSampler sampler) => (obs, g) =>
    {
        int n = obs.Shape[0];
        var cond = new Conditioning(new Dictionary<int, Tensor> { [0] = obs }, n, model.Horizon, model.TransitionDim, model.ActionDim, DType.Float32);
        return sampler.Sample(n, cond, g);
    };

    /// <summary>
    /// Runs <paramref name="episodes"/> environments to the end. <paramref name="frames"/>, when given, receives a
    /// stick figure of environment 0 after every step.
    /// </summary>
    public List<RolloutEpisode> Run(Planner planner, int episodes, ulong seed, Generator g, int maxSteps, double stopBelow,
        IExperimentProgress? progress = null, Action<Limb[]>? frames = null)
    {
        using var mj = MjModel.FromXml(task.LoadModelXml(), task.Name);
        var envs = Enumerable.Range(0, episodes).Select(_ => new LocomotionEnv(task, mj)).ToArray();
        try
        {
            int o = model.ObservationDim, a = model.ActionDim;
            var obs = new double[episodes][];
            for (int k = 0; k < episodes; k++) obs[k] = envs[k].Reset(Rng.Derive(seed, (ulong)k));
            var returns = new double[episodes];
            var lengths = new int[episodes];
            var terminated = new bool[episodes];
            var stopped = new bool[episodes];
            var running = Enumerable.Range(0, episodes).ToList();
            progress?.Begin($"rollouts ({episodes} episodes)", maxSteps);
            for (int step = 0; step < maxSteps && running.Count > 0; step++)
            {
                int n = running.Count;
                var flat = new double[n * o];
                for (int r = 0; r < n; r++) Array.Copy(obs[running[r]], 0, flat, r * o, o);
                var normalised = observations.Normalize(flat);
                double[] plannedActions;
                using (Tensor.Scope())
                {
                    var plans = planner(Tensor.FromArray(Array.ConvertAll(normalised, v => (float)v), n, o), g);
                    if (plans.Rank != 3 || plans.Shape[0] != n || plans.Shape[2] != model.TransitionDim)
                        throw new InvalidOperationException($"SteeredRollouts: the planner returned {ShapeFormat.Of(plans)} for {n} observations");
                    // Action of step 0 of every plan: x[:, 0, :A].
                    plannedActions = plans.Detach().Select(1, 0).Slice(1, 0, a).Contiguous().ToArrayDouble();
                }
                var act = actions.Unnormalize(plannedActions);
                Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = workers > 0 ? workers : Environment.ProcessorCount }, r =>
                {
                    int k = running[r];
                    var action = new double[a];
                    for (int j = 0; j < a; j++) action[j] = Math.Clamp(act[r * a + j], -1, 1);
                    var result = envs[k].Step(action);
                    obs[k] = result.Observation;
                    returns[k] += result.Reward;
                    lengths[k]++;
                    terminated[k] = result.Terminated;
                    stopped[k] = !result.Terminated && returns[k] < stopBelow;
                });
                if (frames is not null && running[0] == 0) frames(StickFigure.Capture(envs[0].Data));
                running = running.Where(k => !terminated[k] && !stopped[k] && lengths[k] < task.MaxEpisodeSteps).ToList();
                progress?.Report(step + 1, $"{running.Count} running");
            }
            progress?.End();
            return Enumerable.Range(0, episodes).Select(k => new RolloutEpisode(k, returns[k], lengths[k], terminated[k], stopped[k],
                task.NormalizedScore(returns[k]))).ToList();
        }
        finally
        {
            foreach (var e in envs) e.Dispose();
        }
    }
}
