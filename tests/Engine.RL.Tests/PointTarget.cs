using Engine.Envs;

namespace Engine.RL.Tests;

/// <summary>
/// A one-dimensional test task: x starts in U(−1, 1), each step moves it by 0.1·clip(a, −1, 1) and pays −|x|;
/// 40 steps, then truncation; leaving |x| &gt; 3 terminates. The best policy pushes x to 0 (return ≈ −2.6 on
/// average); a policy that stands still earns ≈ −20.
/// </summary>
internal sealed class PointTarget : IEnvironment
{
    private double _x;
    private int _t;
    public string Name => "point-target";
    public BoxSpace ObservationSpace { get; } = BoxSpace.Uniform(1, double.NegativeInfinity, double.PositiveInfinity);
    public BoxSpace ActionSpace { get; } = BoxSpace.Uniform(1, -1, 1);
    public int MaxEpisodeSteps => 40;

    public double[] Reset(ulong seed)
    {
        _x = new Rng(seed).Uniform(-1, 1);
        _t = 0;
        return [_x];
    }

    public StepResult Step(ReadOnlySpan<double> action)
    {
        _x += 0.1 * Math.Clamp(action[0], -1, 1);
        _t++;
        return new StepResult([_x], -Math.Abs(_x), Math.Abs(_x) > 3, _t >= MaxEpisodeSteps);
    }

    public void Dispose() { }
}
