using Engine.Envs.MuJoCo.Locomotion;

namespace Engine.Envs.MuJoCo.Data;

/// <summary>One finished episode: return, length and, when recorded, its transitions.</summary>
public sealed class Episode
{
    /// <summary>Undiscounted sum of the environment's rewards.</summary>
    public double Return { get; set; }
    /// <summary>Steps taken.</summary>
    public int Length { get; set; }
    /// <summary>Whether the robot became unhealthy (rather than reaching the step limit).</summary>
    public bool Terminated { get; set; }
    /// <summary>Largest |torso pitch| seen; HalfCheetah episodes that flip over are not expert behaviour.</summary>
    public double MaxAbsPitch { get; set; }
    /// <summary>When recorded, the observation before each step, <c>[Length][ObservationDim]</c>.</summary>
    public List<double[]>? Observations { get; init; }
    /// <summary>When recorded, the action of each step (after noise and clipping), <c>[Length][ActionDim]</c>.</summary>
    public List<double[]>? Actions { get; init; }
    /// <summary>When recorded, the reward of each step, <c>[Length]</c>.</summary>
    public List<double>? Rewards { get; init; }
    /// <summary>When recorded, MuJoCo's qpos before each step, <c>[Length][Nq]</c>.</summary>
    public List<double[]>? Qpos { get; init; }
    /// <summary>When recorded, MuJoCo's qvel before each step, <c>[Length][Nv]</c>.</summary>
    public List<double[]>? Qvel { get; init; }

    /// <summary>An empty episode with all transition lists allocated, to pass as <c>record</c>.</summary>
    public static Episode Recording() => new() { Observations = [], Actions = [], Rewards = [], Qpos = [], Qvel = [] };
}

/// <summary>Writes the action for step <paramref name="t"/> of an episode, given its observation.</summary>
public delegate void ActionSource(double[] observation, Span<double> action, int t);

/// <summary>Runs and optionally records one episode of a controller (a linear policy, a planner or a replay).</summary>
public static class PolicyRollout
{
    /// <summary>Runs one episode of a linear policy with weights W + scale·delta.</summary>
    /// <param name="env">The environment (reset here).</param>
    /// <param name="policy">The policy.</param>
    /// <param name="seed">The reset seed; it also seeds the action noise.</param>
    /// <param name="delta">Weight perturbation direction, or null.</param>
    /// <param name="scale">Multiplier of <paramref name="delta"/>.</param>
    /// <param name="actionNoise">Std of Gaussian noise added to actions before clipping (0 = none).</param>
    /// <param name="stats">Observation sums to update, or null.</param>
    /// <param name="record">Episode to fill with transitions, or null to keep only the return.</param>
    public static Episode Run(LocomotionEnv env, LinearPolicy policy, ulong seed, double[]? delta = null,
        double scale = 0, double actionNoise = 0, ObservationStats? stats = null, Episode? record = null) =>
        Run(env, (obs, action, _) =>
        {
            stats?.Add(obs);
            policy.Act(obs, action, delta, scale);
        }, seed, policy.ActionDim, actionNoise, record);

    /// <summary>Runs one episode from <c>Reset(seed)</c>, asking <paramref name="source"/> for each action.</summary>
    public static Episode Run(LocomotionEnv env, ActionSource source, ulong seed, int actionDim, double actionNoise = 0, Episode? record = null)
    {
        var episode = record ?? new Episode();
        var obs = env.Reset(seed);
        var noise = actionNoise > 0 ? new Rng(Rng.Derive(seed, 0xAC7)) : null;
        var action = new double[actionDim];
        while (true)
        {
            source(obs, action, episode.Length);
            if (noise is not null)
                for (var i = 0; i < action.Length; i++)
                    action[i] = Math.Clamp(action[i] + actionNoise * noise.Normal(), -1, 1);
            if (episode.Observations is not null)
            {
                episode.Observations.Add(obs);
                episode.Actions!.Add((double[])action.Clone());
                episode.Qpos!.Add(env.Data.Qpos.ToArray());
                episode.Qvel!.Add(env.Data.Qvel.ToArray());
            }
            var step = env.Step(action);
            episode.Return += step.Reward;
            episode.Length++;
            episode.MaxAbsPitch = Math.Max(episode.MaxAbsPitch, Math.Abs(env.Data.Qpos[2]));
            episode.Rewards?.Add(step.Reward);
            obs = step.Observation;
            if (step.Terminated || step.Truncated)
            {
                episode.Terminated = step.Terminated;
                return episode;
            }
        }
    }
}
