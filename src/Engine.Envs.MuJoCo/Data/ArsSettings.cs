using Engine.Envs.MuJoCo.Locomotion;

namespace Engine.Envs.MuJoCo.Data;

/// <summary>
/// Hyper-parameters of augmented random search (ARS V2-t: normalised observations, top-b directions).
/// The per-robot defaults are the settings measured to work in locomotion-data.md.
/// </summary>
/// <param name="Directions">Perturbation directions per iteration (2 rollouts each).</param>
/// <param name="TopDirections">Directions kept for the update (the best by max(r+, r−)).</param>
/// <param name="StepSize">α.</param>
/// <param name="Noise">ν, the perturbation scale.</param>
/// <param name="RemoveAliveBonus">Train on return − healthy bonus × steps (Hopper, Walker2d), so standing still is not a local optimum.</param>
public sealed record ArsSettings(int Directions, int TopDirections, double StepSize, double Noise, bool RemoveAliveBonus)
{
    /// <summary>The settings measured to work for a robot (Hopper 8/4 directions, Walker2d 40/30, HalfCheetah 32/4).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not a known robot.</exception>
    public static ArsSettings For(LocomotionKind kind) => kind switch
    {
        LocomotionKind.Hopper => new(8, 4, 0.02, 0.03, RemoveAliveBonus: true),
        LocomotionKind.Walker2d => new(40, 30, 0.03, 0.025, RemoveAliveBonus: true),
        LocomotionKind.HalfCheetah => new(32, 4, 0.02, 0.03, RemoveAliveBonus: false),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown locomotion robot"),
    };

    /// <summary>Checks 1 ≤ TopDirections ≤ Directions and positive step size and noise.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The first setting out of range.</exception>
    public void Validate()
    {
        if (Directions < 1) throw new ArgumentOutOfRangeException(nameof(Directions), Directions, "at least one direction");
        if (TopDirections < 1 || TopDirections > Directions)
            throw new ArgumentOutOfRangeException(nameof(TopDirections), TopDirections, $"must be in [1, {Directions}]");
        if (!(StepSize > 0)) throw new ArgumentOutOfRangeException(nameof(StepSize), StepSize, "must be positive");
        if (!(Noise > 0)) throw new ArgumentOutOfRangeException(nameof(Noise), Noise, "must be positive");
    }
}
