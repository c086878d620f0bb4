namespace Engine.Diffusion;

/// <summary>β schedules of DDPM, computed in float64.</summary>
public static class BetaSchedule
{
    /// <summary>
    /// Nichol &amp; Dhariwal's cosine schedule as in Diffuser: ᾱ'(k) = cos²(((k/T)+s)/(1+s)·π/2)/ᾱ'(0),
    /// k = 0…T; β_k = 1 − ᾱ'(k+1)/ᾱ'(k), clipped to [0, 0.999].
    /// </summary>
    public static double[] Cosine(int steps, double s = 0.008)
    {
        if (steps <= 0) throw new ArgumentException($"BetaSchedule.Cosine: steps must be positive, got {steps}");
        var ac = new double[steps + 1];
        for (int k = 0; k <= steps; k++)
        {
            double c = Math.Cos(((double)k / steps + s) / (1 + s) * Math.PI * 0.5);
            ac[k] = c * c;
        }
        var betas = new double[steps];
        for (int k = 0; k < steps; k++) betas[k] = Math.Clamp(1 - ac[k + 1] / ac[k], 0, 0.999);
        return betas;
    }

    /// <summary>DDPM's linear schedule: β evenly spaced from <paramref name="start"/> to <paramref name="end"/>.</summary>
    public static double[] Linear(int steps, double start = 1e-4, double end = 2e-2)
    {
        if (steps <= 0) throw new ArgumentException($"BetaSchedule.Linear: steps must be positive, got {steps}");
        var b = new double[steps];
        for (int k = 0; k < steps; k++) b[k] = steps == 1 ? start : start + (end - start) * k / (steps - 1);
        return b;
    }
}
