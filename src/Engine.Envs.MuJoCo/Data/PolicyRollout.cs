using Engine.Envs.MuJoCo.Locomotion;

namespace Engine.Envs.MuJoCo.Data;

/// <summary>One finished episode: return, length and, when recorded, its transitions.</summary>
public sealed class Episode
{
    public double Return { get; set; }
    public int Length { get; set; }
    public bool Terminated { get; set; }
    /// <summary>Largest |torso pitch| seen; HalfCheetah episodes that flip over are not expert behaviour.</summary>
    public double MaxAbsPitch { get; set; }
    public List<double[]>? Observations { get; init; }
    public List<double[]>? Actions { get; init; }
    public List<double>? Rewards { get; init; }
    public List<double[]>? Qpos { get; init; }
    public List<double[]>? Qvel { get; init; }

    public static Episode Recording() => new() { Observations = [], Actions = [], Rewards = [], Qpos = [], Qvel = [] };
}

/// <summary>Writes the action for step <paramref name="t"/> of an episode, given its observation.</summary>
public delegate void ActionSource(double[] observation, Span<double> action, int t);

/// <summary>Runs and optionally records one episode of a controller (a linear policy, a planner or a replay).</summary>
public static class PolicyRollout
{
    /// <param name="delta">Weight perturbation direction, or null.</param>
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
