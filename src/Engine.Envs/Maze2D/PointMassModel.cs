namespace Engine.Envs.Maze2D;

/// <summary>
/// D4RL's point-mass MuJoCo model (D4RL's d4rl/pointmaze/maze_model.py): a sphere of radius 0.1 and density 1000 on two slide joints,
/// joint damping 1, motors with gear 100 and control range [−1, 1], timestep 0.01, Euler integrator, zero gravity.
/// Free-space motion per axis is m·ẍ = gear·u − b·ẋ. Contact with the ground is frictionless (condim 1) and acts
/// only along z, so it never changes the planar motion.
/// </summary>
public static class PointMassModel
{
    /// <summary>Radius of the ball, in cells (MuJoCo length units).</summary>
    public const double BallRadius = 0.1;
    /// <summary>Density of the ball, kg/m³.</summary>
    public const double Density = 1000.0;
    /// <summary>m = ρ·(4/3)π r³ ≈ 4.18879 kg (MuJoCo's inertiafromgeom for the sphere).</summary>
    public static readonly double Mass = Density * (4.0 / 3.0) * Math.PI * BallRadius * BallRadius * BallRadius;
    /// <summary>Motor gear: the force per unit of control, N.</summary>
    public const double Gear = 100.0;
    /// <summary>Joint damping b, N·s/m.</summary>
    public const double Damping = 1.0;
    /// <summary>Integration step h, in seconds.</summary>
    public const double TimeStep = 0.01;
    /// <summary>qpos is the slide displacement from the body's position (1.2, 1.2) in world coordinates.</summary>
    public const double BodyOffset = 1.2;
    /// <summary>Wall cell (i, j) is a box centred at world (i + 1, j + 1) with half-size 0.5.</summary>
    public const double WallHalfSize = 0.5;
    /// <summary>Wall cell (i, j) in qpos coordinates is centred at (i − 0.2, j − 0.2).</summary>
    public const double WallCentreShift = 1.0 - BodyOffset;

    /// <summary>
    /// One free-space step of MuJoCo's Euler integrator for one axis. MuJoCo integrates joint damping implicitly in
    /// its Euler integrator: qacc = (gear·u − b·v) / (m + h·b), then v ← v + h·qacc and x ← x + h·v (the new
    /// velocity: semi-implicit Euler). <paramref name="control"/> must already be clipped to [−1, 1].
    /// </summary>
    public static void FreeStep(ref double position, ref double velocity, double control, double timeStep)
    {
        velocity = NextVelocity(velocity, control, timeStep);
        position += timeStep * velocity;
    }

    /// <summary>The velocity half of <see cref="FreeStep"/>: v + h·(gear·u − b·v)/(m + h·b).</summary>
    public static double NextVelocity(double velocity, double control, double timeStep) =>
        velocity + timeStep * ((Gear * control - Damping * velocity) / (Mass + timeStep * Damping));
}
