namespace Engine.Envs.MuJoCo.Locomotion;

/// <summary>The three locomotion robots of the paper's §5.2 experiments.</summary>
public enum LocomotionKind
{
    /// <summary>Gym's Hopper-v3: a one-legged planar hopper (11 observations, 3 actions).</summary>
    Hopper,
    /// <summary>Gym's HalfCheetah-v3: a planar two-legged runner that cannot fall (17 observations, 6 actions).</summary>
    HalfCheetah,
    /// <summary>Gym's Walker2d-v3: a planar biped (17 observations, 6 actions).</summary>
    Walker2d,
}

/// <summary>How reset perturbs qpos0 and the zero velocity (Gym v3 per robot).</summary>
public enum ResetNoise
{
    /// <summary>U(±scale) on qpos and qvel (Hopper, Walker2d).</summary>
    UniformBoth,
    /// <summary>U(±scale) on qpos, N(0, scale²) on qvel (HalfCheetah).</summary>
    UniformPosGaussianVel,
}

/// <summary>
/// Gym v3 constants of one robot. Defaults of the v3 constructors; the healthy ranges are open
/// intervals, as in Gym (min &lt; value &lt; max).
/// </summary>
/// <param name="Kind">The robot.</param>
/// <param name="Name">Lower-case name, e.g. "hopper".</param>
/// <param name="ModelResource">File name of the embedded MJCF model.</param>
/// <param name="FrameSkip">mj_step calls per environment step.</param>
/// <param name="ForwardRewardWeight">w of the forward reward w·Δx/dt.</param>
/// <param name="ControlCostWeight">c of the control cost c·Σa².</param>
/// <param name="HealthyReward">Bonus per step while healthy.</param>
/// <param name="TerminatesWhenUnhealthy">Whether an unhealthy state ends the episode.</param>
/// <param name="VelocityClip">Observed velocities are clipped to ±this value (∞: no clip).</param>
/// <param name="HealthyZ">Open interval the torso height must lie in, or null.</param>
/// <param name="HealthyAngle">Open interval the torso pitch (rad) must lie in, or null.</param>
/// <param name="HealthyStateRange">Open interval every other state value must lie in, or null.</param>
/// <param name="NoiseKind">How reset perturbs the state.</param>
/// <param name="ResetNoiseScale">Scale of the reset perturbation.</param>
/// <param name="D4rlRandomScore">D4RL's reference return of a random policy (normalised score 0).</param>
/// <param name="D4rlExpertScore">D4RL's reference expert return (normalised score 100).</param>
/// <param name="MaxEpisodeSteps">Step limit of an episode.</param>
public sealed record LocomotionTask(
    LocomotionKind Kind,
    string Name,
    string ModelResource,
    int FrameSkip,
    double ForwardRewardWeight,
    double ControlCostWeight,
    double HealthyReward,
    bool TerminatesWhenUnhealthy,
    double VelocityClip,
    (double Min, double Max)? HealthyZ,
    (double Min, double Max)? HealthyAngle,
    (double Min, double Max)? HealthyStateRange,
    ResetNoise NoiseKind,
    double ResetNoiseScale,
    double D4rlRandomScore,
    double D4rlExpertScore,
    int MaxEpisodeSteps = 1000)
{
    /// <summary>Hopper-v3: frame skip 4, healthy while z &gt; 0.7, |pitch| &lt; 0.2 and every state value in (−100, 100).</summary>
    public static readonly LocomotionTask Hopper = new(
        LocomotionKind.Hopper, "hopper", "hopper.xml", FrameSkip: 4,
        ForwardRewardWeight: 1.0, ControlCostWeight: 1e-3, HealthyReward: 1.0, TerminatesWhenUnhealthy: true,
        VelocityClip: 10.0, HealthyZ: (0.7, double.PositiveInfinity), HealthyAngle: (-0.2, 0.2),
        HealthyStateRange: (-100.0, 100.0), ResetNoise.UniformBoth, ResetNoiseScale: 5e-3,
        D4rlRandomScore: -20.272305, D4rlExpertScore: 3234.3);

    /// <summary>Walker2d-v3: frame skip 4, healthy while 0.8 &lt; z &lt; 2 and |pitch| &lt; 1.</summary>
    public static readonly LocomotionTask Walker2d = new(
        LocomotionKind.Walker2d, "walker2d", "walker2d.xml", FrameSkip: 4,
        ForwardRewardWeight: 1.0, ControlCostWeight: 1e-3, HealthyReward: 1.0, TerminatesWhenUnhealthy: true,
        VelocityClip: 10.0, HealthyZ: (0.8, 2.0), HealthyAngle: (-1.0, 1.0),
        HealthyStateRange: null, ResetNoise.UniformBoth, ResetNoiseScale: 5e-3,
        D4rlRandomScore: 1.629008, D4rlExpertScore: 4592.3);

    /// <summary>HalfCheetah-v3: frame skip 5, control cost 0.1, no healthy bonus, never terminates.</summary>
    public static readonly LocomotionTask HalfCheetah = new(
        LocomotionKind.HalfCheetah, "halfcheetah", "halfcheetah.xml", FrameSkip: 5,
        ForwardRewardWeight: 1.0, ControlCostWeight: 0.1, HealthyReward: 0.0, TerminatesWhenUnhealthy: false,
        VelocityClip: double.PositiveInfinity, HealthyZ: null, HealthyAngle: null,
        HealthyStateRange: null, ResetNoise.UniformPosGaussianVel, ResetNoiseScale: 0.1,
        D4rlRandomScore: -280.178953, D4rlExpertScore: 12135.0);

    /// <summary>The task of a robot.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not a known robot.</exception>
    public static LocomotionTask For(LocomotionKind kind) => kind switch
    {
        LocomotionKind.Hopper => Hopper,
        LocomotionKind.Walker2d => Walker2d,
        LocomotionKind.HalfCheetah => HalfCheetah,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown locomotion robot"),
    };

    /// <summary>
    /// Parses "hopper", "halfcheetah" or "walker2d" (case-insensitive). An unknown name is an
    /// <see cref="Engine.IO.InputException"/> at <paramref name="where"/> (the option or setting that gave it).
    /// </summary>
    public static LocomotionTask Parse(string name, string where = "environment")
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.ToLowerInvariant() switch
        {
            "hopper" => Hopper,
            "walker2d" or "walker" => Walker2d,
            "halfcheetah" or "cheetah" or "half_cheetah" => HalfCheetah,
            _ => throw new Engine.IO.InputException($"unknown environment '{name}'", where, "expected hopper, halfcheetah or walker2d"),
        };
    }

    /// <summary>D4RL-normalised score ×100: 0 = random policy, 100 = D4RL expert.</summary>
    public double NormalizedScore(double episodeReturn) =>
        100.0 * (episodeReturn - D4rlRandomScore) / (D4rlExpertScore - D4rlRandomScore);

    /// <summary>Gym v3 health check on (qpos, qvel): z = qpos[1], angle = qpos[2], state range on [qpos, qvel][2:].</summary>
    public bool IsHealthy(ReadOnlySpan<double> qpos, ReadOnlySpan<double> qvel)
    {
        if (HealthyStateRange is var (lo, hi))
        {
            for (var i = 2; i < qpos.Length; i++)
                if (!(qpos[i] > lo && qpos[i] < hi)) return false;
            for (var i = 0; i < qvel.Length; i++)
                if (!(qvel[i] > lo && qvel[i] < hi)) return false;
        }
        if (HealthyZ is var (zMin, zMax) && !(qpos[1] > zMin && qpos[1] < zMax))
            return false;
        if (HealthyAngle is var (aMin, aMax) && !(qpos[2] > aMin && qpos[2] < aMax))
            return false;
        return true;
    }

    /// <summary>Loads this robot's embedded MJCF text.</summary>
    public string LoadModelXml() => ModelResources.Read(ModelResource);
}
