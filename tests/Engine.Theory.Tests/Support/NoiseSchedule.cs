namespace Engine.Theory.Tests.Support;

/// <summary>
/// g(t) = g₀ + g₁ sin²(ωt): continuous, bounded by g₀ + g₁, and g(0) = g₀ &gt; 0 — the
/// hypotheses Theorem 4.1 puts on the noise schedule.
/// </summary>
public sealed record NoiseSchedule(double G0, double G1, double Omega)
{
    public double this[double t] => G0 + G1 * Math.Pow(Math.Sin(Omega * t), 2);

    public static NoiseSchedule Draw(Normals normals, double minG0 = 0.2) =>
        new(normals.Uniform(minG0, 1.0), normals.Uniform(0.0, 1.0), normals.Uniform(0.5, 6.0));
}
