using Engine.Envs;
using Engine.Envs.MuJoCo.Data;
using Engine.RL;

namespace Engine.Experiments.Locomotion;

/// <summary>A policy a learner held at some point, as controllers for data collection.</summary>
public interface ISnapshotPolicy
{
    /// <summary>The policy's own action (no exploration).</summary>
    ActionSource Deterministic();

    /// <summary>The policy with the exploration its learner used, noise drawn from <paramref name="seed"/>.</summary>
    ActionSource Exploring(ulong seed);
}

/// <summary>One evaluated point of a learner's history. <see cref="Score"/>: mean D4RL-normalised return of its evaluation.</summary>
public sealed record PolicySnapshot(int Iteration, long EnvironmentSteps, double Score, ISnapshotPolicy Policy);

/// <summary>
/// What a learner leaves behind for the datasets: its evaluated snapshots in order, and the policies a replay of
/// its training goes through (every ARS iteration; every evaluated PPO snapshot), oldest first.
/// </summary>
public sealed record LearnerHistory(string Learner, IReadOnlyList<PolicySnapshot> Evaluated, IReadOnlyList<(int Iteration, ISnapshotPolicy Policy)> Replay,
    int Iterations, long EnvironmentSteps);

/// <summary>An ARS linear policy; ARS explores in weight space, so its replay adds Gaussian action noise σ instead.</summary>
public sealed class LinearSnapshot(LinearPolicy policy, double explorationNoise) : ISnapshotPolicy
{
    public LinearPolicy Policy { get; } = policy;

    public ActionSource Deterministic() => (obs, action, _) => Policy.Act(obs, action);

    public ActionSource Exploring(ulong seed)
    {
        var rng = new Rng(seed);
        return (obs, action, _) =>
        {
            Policy.Act(obs, action);
            for (int i = 0; i < action.Length; i++) action[i] = Math.Clamp(action[i] + explorationNoise * rng.Normal(), -1, 1);
        };
    }
}

/// <summary>A PPO Gaussian policy: deterministic is its mean, exploring samples from it as PPO's rollouts did.</summary>
public sealed class GaussianSnapshot(GaussianPolicy policy) : ISnapshotPolicy
{
    public GaussianPolicy Policy { get; } = policy;

    public ActionSource Deterministic() => (obs, action, _) => Policy.Act(obs, action);

    public ActionSource Exploring(ulong seed)
    {
        var rng = new Rng(seed);
        return (obs, action, _) => Policy.Act(obs, action, rng);
    }
}
