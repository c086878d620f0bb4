namespace Engine.Envs;

/// <summary>A box-shaped space: every coordinate i lies in [Low[i], High[i]] (infinite bounds allowed).</summary>
/// <param name="Low">Lower bound of each coordinate (may be −∞).</param>
/// <param name="High">Upper bound of each coordinate (may be +∞); same length as <paramref name="Low"/>.</param>
public sealed record BoxSpace(double[] Low, double[] High)
{
    /// <summary>Number of coordinates (the observation or action vector's length).</summary>
    public int Size => Low.Length;

    /// <summary>A space of <paramref name="size"/> coordinates that all share the bounds [<paramref name="low"/>, <paramref name="high"/>].</summary>
    public static BoxSpace Uniform(int size, double low, double high) =>
        new(Enumerable.Repeat(low, size).ToArray(), Enumerable.Repeat(high, size).ToArray());
}

/// <summary>What one environment step returns. <c>Observation: [ObservationSpace.Size]</c>.</summary>
/// <param name="Observation">The observation after the step, <c>[ObservationSpace.Size]</c>.</param>
/// <param name="Reward">The reward of the transition, in the task's own units.</param>
/// <param name="Terminated">The task ended by itself (fell over, reached a terminal state).</param>
/// <param name="Truncated">The episode hit its step limit.</param>
public readonly record struct StepResult(double[] Observation, double Reward, bool Terminated, bool Truncated);

/// <summary>
/// One simulated environment with Gym's reset/step contract, shared by Maze2D and the MuJoCo
/// locomotion tasks. Deterministic: the same seed and the same actions give the same numbers.
/// </summary>
public interface IEnvironment : IDisposable
{
    /// <summary>The environment's id, e.g. "maze2d-umaze-v1" or "Hopper-v3".</summary>
    string Name { get; }
    /// <summary>Bounds and size of an observation vector.</summary>
    BoxSpace ObservationSpace { get; }
    /// <summary>Bounds and size of an action vector; actions outside it are clipped by the environment.</summary>
    BoxSpace ActionSpace { get; }
    /// <summary>Step limit after which <see cref="StepResult.Truncated"/> is set.</summary>
    int MaxEpisodeSteps { get; }

    /// <summary>Starts a new episode drawn from <paramref name="seed"/>; returns the first observation.</summary>
    double[] Reset(ulong seed);

    /// <summary>Advances one step. <paramref name="action"/>: [ActionSpace.Size].</summary>
    StepResult Step(ReadOnlySpan<double> action);
}
