namespace Engine.Envs;

/// <summary>A box-shaped space: every coordinate i lies in [Low[i], High[i]] (infinite bounds allowed).</summary>
public sealed record BoxSpace(double[] Low, double[] High)
{
    public int Size => Low.Length;

    public static BoxSpace Uniform(int size, double low, double high) =>
        new(Enumerable.Repeat(low, size).ToArray(), Enumerable.Repeat(high, size).ToArray());
}

/// <summary>What one environment step returns. <c>Observation: [ObservationSpace.Size]</c>.</summary>
/// <param name="Terminated">The task ended by itself (fell over, reached a terminal state).</param>
/// <param name="Truncated">The episode hit its step limit.</param>
public readonly record struct StepResult(double[] Observation, double Reward, bool Terminated, bool Truncated);

/// <summary>
/// One simulated environment with Gym's reset/step contract, shared by Maze2D and the MuJoCo
/// locomotion tasks. Deterministic: the same seed and the same actions give the same numbers.
/// </summary>
public interface IEnvironment : IDisposable
{
    string Name { get; }
    BoxSpace ObservationSpace { get; }
    BoxSpace ActionSpace { get; }
    /// <summary>Step limit after which <see cref="StepResult.Truncated"/> is set.</summary>
    int MaxEpisodeSteps { get; }

    /// <summary>Starts a new episode drawn from <paramref name="seed"/>; returns the first observation.</summary>
    double[] Reset(ulong seed);

    /// <summary>Advances one step. <paramref name="action"/>: [ActionSpace.Size].</summary>
    StepResult Step(ReadOnlySpan<double> action);
}
