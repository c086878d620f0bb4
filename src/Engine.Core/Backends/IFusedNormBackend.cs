namespace Engine.Backends;

/// <summary>
/// Optional fused group normalisation. The composite (about ten elementwise and reduction ops forward,
/// twenty-five backward, each a full pass over the activation) is what every backend can run; a
/// backend that implements this interface gets single-pass kernels instead. Decision: an optional
/// capability rather than new <see cref="IBackend"/> members, so a backend without it (ILGPU today)
/// keeps working through the composite, which stays the definition and the test oracle.
/// <para>All views are contiguous; x, gy, y and dx are [batch, channels, rest] (rest = product of the
/// trailing axes), weight and bias [channels]; channels split into <c>groups</c> equal groups.</para>
/// </summary>
public interface IFusedNormBackend
{
    /// <summary>y = (x − μ)/√(σ² + eps)·weight + bias per (batch, group), biased σ²; weight/bias null = 1/0.</summary>
    void GroupNorm(View x, View? weight, View? bias, int groups, double eps, View y);

    /// <summary>dx of <see cref="GroupNorm"/> given the output cotangent gy: rstd·(ĝ − mean ĝ − x̂·mean(ĝ·x̂)), ĝ = gy·weight.</summary>
    void GroupNormInputGrad(View gy, View x, View? weight, int groups, double eps, View dx);

    /// <summary>Cotangents of weight and bias as one [2, channels] view: row 0 Σ gy·x̂, row 1 Σ gy (over batch and positions).</summary>
    void GroupNormAffineGrad(View gy, View x, int groups, double eps, View dwdb);
}
